// Label -> value rows as a description list (metadata fields, what a C2PA manifest claims).
interface Props {
  rows: readonly { label: string; value: string }[];
  testId?: string;
}

export function FactList({ rows, testId }: Props) {
  return (
    <dl className="facts" data-testid={testId}>
      {rows.map((r) => (
        <div key={r.label} className="fact">
          <dt>{r.label}</dt>
          <dd>
            <bdi>{r.value}</bdi>
          </dd>
        </div>
      ))}
    </dl>
  );
}
