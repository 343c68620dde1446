import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** A CSV writer into `dir` for the scenario sets' data scripts: integers as written, other numbers to 5 digits. */
export function csvWriter(dir: string): (file: string, header: string[], rows: (number | string)[][]) => void {
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(5));
  return (file, header, rows) => {
    const text = [header.join(","), ...rows.map((r) => r.map((v) => (typeof v === "number" ? fmt(v) : v)).join(","))].join("\n") + "\n";
    writeFileSync(join(dir, file), text);
    console.log(`${file}: ${rows.length} rows, ${text.length} bytes`);
  };
}
