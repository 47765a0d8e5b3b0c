// The RPC layer: the contract, the transport-neutral dispatcher, and the runtime that wires
// services to handlers. Transports (Electron shell, web host) depend on this; services don't.
export type { AppContext, RehearsalTenant } from './context';
export * from './contract';
export { createDispatcher, type Dispatch } from './dispatch';
export { EventBus } from './event-bus';
export { createHandlers, PRODUCT_NAME } from './handlers';
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime';
