import {
  ADMIN_USER_ID,
  CLOUD_APP_ADMIN_TEMPLATE_ID,
  COLLECTIONS,
  EMS_E3_SKU_ID,
  GLOBAL_ADMIN_TEMPLATE_ID,
  MDM_POLICY_ID,
  TENANT_ID,
} from './seed';
import type { EmulatorStore, Entity } from './store';

/** The CMG prefix the `taken-cmg-name` preset occupies everywhere a CMG name must be free. */
export const TAKEN_CMG_NAME = 'contosocmg';

type Row = Entity & Record<string, unknown>;

const PRESETS: Readonly<Record<string, { summary: string; apply: (store: EmulatorStore) => void }>> = {
  'taken-cmg-name': {
    summary: `"${TAKEN_CMG_NAME}" is already used as DNS label, Key Vault and storage account name`,
    apply: (store) => {
      const taken = store.collection<Row>(COLLECTIONS.takenNames);
      for (const kind of ['dnsLabel', 'keyVault', 'storageAccount']) {
        const id = `${kind}:${TAKEN_CMG_NAME}`;
        if (!taken.get(id, { includeHidden: true })) taken.insert({ id, kind, name: TAKEN_CMG_NAME });
      }
    },
  },
  'no-intune-licence-left': {
    summary: 'every EMS E3 (Intune) licence is already assigned',
    apply: (store) => {
      const skus = store.collection<Row>(COLLECTIONS.subscribedSkus);
      const id = `${TENANT_ID}_${EMS_E3_SKU_ID}`;
      const ems = skus.get(id, { includeHidden: true });
      const prepaid = ems?.['prepaidUnits'] as { enabled?: number } | undefined;
      if (ems && prepaid?.enabled !== undefined) skus.update(id, { consumedUnits: prepaid.enabled });
    },
  },
  'mdm-authority-not-set': {
    summary: 'the tenant has no MDM authority ("unknown") and automatic MDM enrollment applies to nobody',
    apply: (store) => {
      store
        .collection<Row>(COLLECTIONS.organization)
        .update(TENANT_ID, { mobileDeviceManagementAuthority: 'unknown' });
      store
        .collection<Row>(COLLECTIONS.mobileDeviceManagementPolicies)
        .update(MDM_POLICY_ID, { appliesTo: 'none' });
    },
  },
  'admin-not-global-admin': {
    summary: 'the signed-in admin is Cloud Application Administrator only (cannot grant tenant-wide consent)',
    apply: (store) => {
      const roles = store.collection<Row>(COLLECTIONS.directoryRoles).list({ includeHidden: true });
      const globalAdmin = roles.find((role) => role['roleTemplateId'] === GLOBAL_ADMIN_TEMPLATE_ID);
      const appAdmin = roles.find((role) => role['roleTemplateId'] === CLOUD_APP_ADMIN_TEMPLATE_ID);
      const members = store.collection<Row>(COLLECTIONS.directoryRoleMembers);
      for (const member of members.list({ includeHidden: true })) {
        if (member['roleId'] === globalAdmin?.id && member['principalId'] === ADMIN_USER_ID)
          members.remove(member.id);
      }
      if (appAdmin && !members.get(`preset-app-admin`, { includeHidden: true })) {
        members.insert({ id: 'preset-app-admin', roleId: appAdmin.id, principalId: ADMIN_USER_ID });
      }
    },
  },
};

export const PRESET_NAMES: readonly string[] = Object.keys(PRESETS);

export function presetSummary(name: string): string | undefined {
  return PRESETS[name]?.summary;
}

export class UnknownPresetError extends Error {
  constructor(readonly preset: string) {
    super(`Unknown rehearsal preset "${preset}". Known presets: ${PRESET_NAMES.join(', ')}.`);
    this.name = 'UnknownPresetError';
  }
}

/** Applies named presets to the store; idempotent, so it runs on every start and after a reset. */
export function applyPresets(store: EmulatorStore, names: readonly string[]): void {
  for (const name of names) if (!PRESETS[name]) throw new UnknownPresetError(name);
  for (const name of names) PRESETS[name]?.apply(store);
}
