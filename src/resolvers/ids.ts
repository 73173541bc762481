import { decodeGlobalID } from '@pothos/plugin-relay';

/**
 * Arguments that name a node take its global ID or the plain id (Mux's id, or the job id), so clients can
 * start from whichever they have. Returns the plain id.
 */
export function plainId(typename: string, id: string): string {
  try {
    const decoded = decodeGlobalID(id);
    return decoded.typename === typename ? decoded.id : id;
  } catch {
    return id;
  }
}
