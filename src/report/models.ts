/**
 * The AI models of a report (`huggingface` components), as rows every formatter can show:
 * the model, the license that binds it, and the base models that license comes through.
 * Made from the JSON report only.
 */
import type { Report } from '../types';
import { compareStrings } from '../util/compare';

export interface ModelRow {
  model: string;
  license: string;
  category: string;
  /** `card license` when the base models add nothing, else "base → base" with their licenses. */
  basedOn: string;
}

export function modelRows(report: Report): ModelRow[] {
  return report.components
    .filter((c) => c.ecosystem === 'huggingface')
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((c) => ({
      model: c.version ? `${c.name}@${c.version.slice(0, 12)}` : c.name,
      license: c.license.expression ?? 'unknown',
      category: c.license.category,
      basedOn: (c.model?.lineage ?? []).map((s) => `${s.model} (${s.license ?? 'unknown'})`).join(' → '),
    }));
}
