export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security';
export { startWebHost, type WebHost, type WebHostOptions } from './web-host';
