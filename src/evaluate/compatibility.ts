import { readKnowledgeJson } from '../paths';
import { licenseInfo } from './license-kb';

interface RawPair {
  inbound: string[];
  outbound: string[];
  reason: string;
  source: string;
}

export interface IncompatiblePair {
  inbound: string;
  outbound: string;
  reason: string;
  source: string;
}

interface CompatibilityData {
  pairs: IncompatiblePair[];
  gpl2OrLater: Set<string>;
  gpl2OrLaterSource: string;
}

let cached: CompatibilityData | undefined;

/** Loads `data/relicensing/compatibility.json` (the tool's own data, not the scanned checkout). */
export function compatibilityData(): CompatibilityData {
  if (cached) return cached;
  const raw = readKnowledgeJson<{
    gplFamily: string[];
    incompatiblePairs: RawPair[];
    gpl2OrLaterCompatible: { ids: string[]; source: string };
  }>('data/relicensing/compatibility.json');
  const expand = (ids: string[]) => ids.flatMap((id) => (id === '@gplFamily' ? raw.gplFamily : [id]));
  const pairs: IncompatiblePair[] = [];
  for (const p of raw.incompatiblePairs) {
    for (const inbound of expand(p.inbound)) for (const outbound of expand(p.outbound)) pairs.push({ inbound, outbound, reason: p.reason, source: p.source });
  }
  cached = { pairs, gpl2OrLater: new Set(raw.gpl2OrLaterCompatible.ids), gpl2OrLaterSource: raw.gpl2OrLaterCompatible.source };
  return cached;
}

export function incompatiblePair(inbound: string, outbound: string): IncompatiblePair | undefined {
  return compatibilityData().pairs.find((p) => p.inbound === inbound && p.outbound === outbound);
}

/**
 * Whether a license satisfies the BSL 1.1 condition on its Change License ("compatible with
 * GPL version 2.0 or a later version"): listed as compatible → yes; known incompatible with
 * every GPL version → no; otherwise a libre permissive license from the knowledge base → yes;
 * anything else → unknown.
 */
export function isGpl2OrLaterCompatible(id: string): 'yes' | 'no' | 'unknown' {
  const data = compatibilityData();
  if (data.gpl2OrLater.has(id)) return 'yes';
  const gplTargets = ['GPL-2.0-or-later', 'GPL-3.0-or-later'];
  if (gplTargets.every((target) => incompatiblePair(id, target))) return 'no';
  const info = licenseInfo(id);
  if (info) {
    if ((info.category === 'permissive' || info.category === 'public-domain') && info.fsfLibre) return 'yes';
    if (['source-available', 'noncommercial', 'proprietary'].includes(info.category)) return 'no';
  }
  return 'unknown';
}
