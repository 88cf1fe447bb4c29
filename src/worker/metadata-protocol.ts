// Messages between the page and the metadata worker (metadata.worker.ts), declared once.

/** One file to read. */
export interface MetadataRequest {
  id: number;
  file: File;
}

/** ExifTool's JSON for it, or why it could not be read: ExifTool's or the browser's own words
 *  (English, passed on as they are), null when they gave none. */
export type MetadataReply = { id: number; json: string; error: null } | { id: number; json: null; error: string | null };
