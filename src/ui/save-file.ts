// Saving something the page made (a report, a still) as a file, without a server: a temporary
// object URL on a clicked link. The URL is revoked later, not at once: revoking in the same task
// can cancel the download in some browsers.
export function saveFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
