// Things worth knowing that do not stop the work (a backend fallback, an ignored URL parameter).
export function Notices({ notices }: { notices: string[] }) {
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((n) => (
        <li key={n} role="status">
          {n}
        </li>
      ))}
    </ul>
  );
}
