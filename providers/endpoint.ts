/**
 * Endpoint overrides shared by the provider adapters.
 */

/**
 * True when an endpoint override is plain http (test servers: the emulators and mocks). Real credentials
 * are never sent to such an endpoint. The scheme is case-insensitive ("HTTP://" is plain http too).
 */
export function isPlainHttp(url: string | undefined): boolean {
  return url !== undefined && /^http:/i.test(url.trim());
}
