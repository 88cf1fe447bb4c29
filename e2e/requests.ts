// Which recorded requests could leave the machine (the privacy spec's rule, unit-tested in
// privacy.test.ts without a browser).

/** Requests that cannot leave the machine: the page's origin, and blob:/data: URLs made in the page. */
export function foreignRequests(urls: readonly string[], origin: string): string[] {
  return urls.filter((u) => {
    if (u.startsWith('data:')) return false;
    const plain = u.startsWith('blob:') ? u.slice(5) : u;
    try {
      return new URL(plain).origin !== origin;
    } catch {
      return true;
    }
  });
}
