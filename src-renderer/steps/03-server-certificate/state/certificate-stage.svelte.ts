// The "Server certificate" stage: which route, which sub-page is open, and the state of each
// sub-page. It reopens where the admin was from what the host remembers (certs:get-workshop:
// sub-page, fields, paths, answer, export, preflight) and tells the host each move (certs:set-workshop).
import type { RpcApi } from '../../../../src-main/ipc/contract';
import type { CertWorkshopDto } from '../../../../src-main/ipc/contract';
import { strengthUserInputs } from '../password-strength';
import { AnswerPage } from './answer-page.svelte';
import { CheckPage } from './check-page.svelte';
import { ExistingPfxPage } from './existing-pfx-page.svelte';
import { ExportPage } from './export-page.svelte';
import { InfPage } from './inf-page.svelte';
import { fileStem, joinPath } from './paths.svelte';
import { RequestPage, toRequestInput } from './request-page.svelte';
import { type Describe, StageTasks } from './tasks.svelte';

export type CertificateRoute = 'request' | 'inf' | 'pfx';
export type CertificatePageId = 'request' | 'summary' | 'answer' | 'export' | 'check' | 'inf' | 'existing';
/** The sub-pages the host remembers (the Summary is reopened as the Request it summarises). */
type RememberedPage = CertWorkshopDto['subPage'];

export const ROUTE_PAGES: Readonly<Record<CertificateRoute, readonly CertificatePageId[]>> = {
  request: ['request', 'summary', 'answer', 'export', 'check'],
  inf: ['request', 'summary', 'inf'],
  pfx: ['existing', 'export', 'check'],
};

export type PageState = 'done' | 'todo' | 'locked';

export class CertificateStage {
  readonly tasks: StageTasks;
  readonly request: RequestPage;
  readonly answer: AnswerPage;
  readonly exportPage: ExportPage;
  readonly check: CheckPage;
  readonly existing: ExistingPfxPage;
  readonly inf: InfPage;

  route: CertificateRoute = $state('request');
  page: CertificatePageId = $state('request');
  /** True once the stage has read what the host remembers (nothing is shown before). */
  loaded = $state(false);
  /** A request exists and the admin has not asked to start a new one: the Request page shows it. */
  showingExistingRequest = $state(false);
  /** "Start a new request?" waits for Start / Cancel. */
  confirmNewRequest = $state(false);
  workshop: CertWorkshopDto | null = $state(null);

  readonly pages: readonly CertificatePageId[] = $derived(ROUTE_PAGES[this.route]);

  readonly #api: RpcApi;

  /** The request's own words (or the exported certificate's subject) as the password meter's user inputs. */
  get passwordUserInputs(): string[] {
    return strengthUserInputs({
      ...this.request.form,
      subject: (this.answer.answer ?? this.existing.adopted)?.leaf.subject ?? '',
    });
  }

  constructor(api: RpcApi, describe: Describe) {
    this.#api = api;
    this.tasks = new StageTasks(describe);
    this.request = new RequestPage(api, this.tasks);
    this.answer = new AnswerPage(api, this.tasks);
    this.exportPage = new ExportPage(api, this.tasks);
    this.check = new CheckPage(api, this.tasks);
    this.existing = new ExistingPfxPage(api, this.tasks, this.check);
    this.inf = new InfPage(api, this.tasks);
  }

  /** Reopens the stage where it was: from the host's state, then a fresh preflight of the file. */
  async load(): Promise<void> {
    await this.tasks.run('resume', async () => {
      const workshop = await this.#api.invoke('certs:get-workshop');
      this.workshop = workshop;
      const last = workshop.lastRequest;
      this.request.restore(workshop.requestFields, workshop.renewal, workshop.currentCn);
      this.answer.restore(
        last ? { id: last.id, csrPem: last.csrPem, subject: last.subject, sans: last.sans } : null,
        workshop.csrSavePath,
        workshop.answerImported || (last?.answerImported ?? false),
      );
      this.showingExistingRequest = last !== null;
      this.exportPage.restore(workshop.export ? (last?.id ?? null) : (last?.id ?? null), workshop.export);
      if (workshop.requestFields?.provider) this.exportPage.provider = workshop.requestFields.provider;
      this.inf.restore(workshop.infSavePath);
      this.route = last === null && workshop.infSavePath !== null ? 'inf' : 'request';
      this.page = this.#resumePage(workshop.subPage);
      this.#suggestPaths();
    });
    this.loaded = true;
    const preflight = this.workshop?.preflight;
    if (this.page === 'check' && preflight) {
      await this.check.checkExported(
        preflight.path,
        preflight.passwordSecretName,
        this.#cn(),
        this.#previousCn(),
      );
    }
  }

  /** A remembered page that cannot be shown any more (its input is gone) falls back to the last one that can. */
  #resumePage(remembered: RememberedPage): CertificatePageId {
    const order: CertificatePageId[] = ['check', 'export', 'answer', 'request'];
    const start = order.indexOf(remembered);
    for (const page of order.slice(start < 0 ? order.length - 1 : start)) {
      if (this.stateOf(page) !== 'locked') return page;
    }
    return 'request';
  }

  chooseRoute(route: CertificateRoute): void {
    if (this.route === route) return;
    this.route = route;
    this.tasks.dismissError();
    this.page = route === 'pfx' ? 'existing' : 'request';
  }

  /** Whether a sub-page can be opened, and whether its work is done. */
  stateOf(page: CertificatePageId): PageState {
    const hasRequest = this.answer.csr !== null;
    const preflight = this.workshop?.preflight ?? null;
    switch (page) {
      case 'request':
        return hasRequest || this.inf.text !== null ? 'done' : 'todo';
      case 'summary':
        if (this.route === 'inf')
          return this.inf.text !== null ? 'done' : this.request.preview ? 'todo' : 'locked';
        return hasRequest && !this.request.preview ? 'done' : this.request.preview ? 'todo' : 'locked';
      case 'answer':
        if (!hasRequest) return 'locked';
        return this.answer.answerImported ? 'done' : 'todo';
      case 'export':
        if (this.route === 'pfx')
          return this.existing.adopted ? (this.exportPage.exported ? 'done' : 'todo') : 'locked';
        if (!this.answer.answerImported) return 'locked';
        return this.exportPage.exported || this.workshop?.export?.done ? 'done' : 'todo';
      case 'check':
        if (this.check.result === null && preflight === null) return 'locked';
        return (this.check.result ? this.check.errors === 0 : preflight?.passed) ? 'done' : 'todo';
      case 'inf':
        return this.inf.text === null ? 'locked' : this.inf.savedTo ? 'done' : 'todo';
      case 'existing':
        return this.existing.adopted ? 'done' : 'todo';
    }
  }

  /** Opens a sub-page the admin can reach and tells the host (so a reload reopens it). */
  async goTo(page: CertificatePageId): Promise<void> {
    if (page === this.page || (this.stateOf(page) === 'locked' && page !== 'summary')) return;
    if (page === 'summary' && !this.request.preview) return;
    this.page = page;
    const remembered: RememberedPage | null =
      page === 'summary' ? 'request' : page === 'inf' || page === 'existing' ? null : page;
    if (remembered === null) return;
    try {
      await this.#api.invoke('certs:set-workshop', { subPage: remembered });
    } catch (error) {
      this.tasks.error = this.tasks.describe(error);
    }
  }

  // Page actions (each the page's one primary button).

  async review(): Promise<void> {
    if (await this.request.review()) await this.goTo('summary');
  }

  async createRequest(): Promise<void> {
    if (this.route === 'inf') {
      if (await this.inf.build(toRequestInput(this.request.form))) {
        this.request.preview = null;
        this.#suggestPaths();
        await this.goTo('inf');
      }
      return;
    }
    const created = await this.request.create();
    if (!created) return;
    this.answer.startWith(created);
    this.exportPage.restore(created.id, null);
    this.exportPage.exported = null;
    this.check.clear();
    if (this.workshop)
      this.workshop = { ...this.workshop, export: null, preflight: null, answerImported: false };
    this.request.preview = null;
    this.showingExistingRequest = true;
    this.#suggestPaths();
    await this.goTo('answer');
  }

  /** Asks first: a new request sets the current one aside (its files stay on disk). */
  askNewRequest(): void {
    this.confirmNewRequest = true;
  }

  cancelNewRequest(): void {
    this.confirmNewRequest = false;
  }

  startNewRequest(): void {
    this.confirmNewRequest = false;
    this.showingExistingRequest = false;
    this.request.reset();
    this.request.restore(null, false, this.workshop?.currentCn ?? null);
  }

  async importAnswer(file: File): Promise<void> {
    if (await this.answer.importAnswer(file)) this.#suggestPaths();
  }

  async exportPfx(overwrite = false): Promise<void> {
    const exported = await this.exportPage.exportPfx(overwrite);
    if (!exported) return;
    if (this.workshop) {
      this.workshop = {
        ...this.workshop,
        export: {
          path: exported.path,
          encryption: exported.encryption,
          csp: this.exportPage.provider,
          done: true,
        },
      };
    }
    await this.check.checkExported(
      exported.path,
      exported.passwordSecretName,
      this.#cn(),
      this.#previousCn(),
    );
    this.page = 'check';
  }

  async adoptExisting(): Promise<void> {
    const adopted = await this.existing.adopt();
    if (!adopted) return;
    this.exportPage.restore(adopted.id, null);
    this.#suggestPaths();
    this.page = 'export';
  }

  dispose(): void {
    this.request.dispose();
    this.exportPage.dispose();
  }

  /** The CN of the certificate being worked on: structured fields, never parsed out of a subject. */
  #cn(): string | null {
    const summary = this.check.result?.summary;
    if (this.route === 'pfx') return summary?.commonName ?? null;
    const cn = this.workshop?.requestFields?.cn ?? this.request.form.cn;
    return cn.trim() === '' ? null : cn.trim();
  }

  /** Only a renewal the admin ticked compares with the previous CN. */
  #previousCn(): string | null {
    if (!this.request.form.renewal) return null;
    const previous = this.request.form.previousCn.trim();
    return previous === '' ? null : previous;
  }

  /** Proposes file names in the default folder from the CN, unless the admin typed their own. */
  #suggestPaths(): void {
    const workshop = this.workshop;
    if (!workshop) return;
    const cn = this.route === 'pfx' ? (this.check.result?.summary?.commonName ?? '') : this.request.form.cn;
    const stem = fileStem(cn);
    const at = (name: string): string => joinPath(workshop.defaultFolder, name, workshop.pathSeparator);
    this.answer.csrPath.suggest(at(`${stem}.csr`));
    this.inf.path.suggest(at(`${stem}.inf`));
    this.exportPage.pfxPath.suggest(at(`${stem}.pfx`));
  }
}
