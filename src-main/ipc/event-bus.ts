import type { EventMap, EventName } from './contract';

type Listener = (event: EventName, payload: EventMap[EventName]) => void;

/** Typed main → renderer events; each transport subscribes once and forwards. */
export class EventBus {
  readonly #listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.#listeners) listener(event, payload);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
