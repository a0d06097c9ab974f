/**
 * Model ids named in a checkout's code and config, with where each is written. Only literal
 * strings count (a model chosen at run time cannot be known from the source):
 * - Python and JavaScript: `from_pretrained("org/name")`, `pipeline(model="org/name")` or
 *   `pipeline("task", "org/name")`, `hf_hub_download(repo_id="org/name")` / `snapshot_download`,
 *   `SentenceTransformer("org/name")` / `CrossEncoder`, and assignments to a variable or key
 *   whose name says model or repo (`MODEL_ID = "org/name"`), which is how most code passes them;
 * - YAML, JSON and TOML configs: a key whose name says model or repo with an `org/name` value;
 * - Ollama `Modelfile`: `FROM <model>` (a local `.gguf`, `hf.co/org/name[:quant]`, or a library name).
 */
import { lineStarts, offsetToPosition } from '../../locate';

export interface ModelReference {
  /** As written: a Hub id, a path, or (Modelfile) an Ollama library name. */
  id: string;
  kind: 'call' | 'assignment' | 'config' | 'modelfile';
  line: number;
  column: number;
}

/** A Hub repository id: `org/name`, or a legacy single name (`gpt2`) where a call makes it certain. */
const HUB_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;
const LEGACY_ID = /^[A-Za-z0-9][\w.-]{0,95}$/;
/** Legacy names carry a size or variant (`gpt2`, `bert-base-uncased`, `t5-small`); a bare word (`model`) is a placeholder. */
const LEGACY_SHAPE = /[-\d]/;
/** `org/name`-shaped strings that are files, not models. */
const FILE_LIKE = /\.(py|js|ts|json|ya?ml|toml|txt|md|csv|tsv|parquet|jsonl|png|jpe?g|html?|pt|pth|bin|safetensors|gguf|onnx|ckpt|h5|pkl|zip|gz)$/i;

const STR = `(?:"([^"\\n]{1,200})"|'([^'\\n]{1,200})')`;
const CALL_PATTERNS: RegExp[] = [
  new RegExp(`\\.from_pretrained\\(\\s*(?:pretrained_model_name_or_path\\s*=\\s*)?${STR}`, 'g'),
  new RegExp(`\\bpipeline\\([^()]{0,200}?\\bmodel\\s*=\\s*${STR}`, 'g'),
  new RegExp(`\\bpipeline\\(\\s*${STR}\\s*,\\s*${STR}`, 'g'),
  new RegExp(`\\b(?:hf_hub_download|snapshot_download|hf_hub_url)\\([^()]{0,200}?\\brepo_id\\s*=\\s*${STR}`, 'g'),
  new RegExp(`\\b(?:hf_hub_download|snapshot_download|hf_hub_url)\\(\\s*${STR}`, 'g'),
  new RegExp(`\\b(?:SentenceTransformer|CrossEncoder)\\(\\s*(?:model_name_or_path\\s*=\\s*)?${STR}`, 'g'),
];
const ASSIGNMENT = new RegExp(`\\b\\w*(?:model|repo)\\w*\\s*[:=]\\s*${STR}`, 'gi');
const YAML_KEY = /^[ \t-]*["']?[\w.-]*(?:model|repo)[\w.-]*["']?[ \t]*:[ \t]*["']?([\w./-]+?)["']?[ \t]*(?:#.*)?$/gim;
const JSON_KEY = /"[\w.-]*(?:model|repo)[\w.-]*"\s*:\s*"([^"\n]{1,200})"/gi;
const TOML_KEY = /^[ \t]*[\w.-]*(?:model|repo)[\w.-]*[ \t]*=[ \t]*["']([^"'\n]{1,200})["']/gim;
const MODELFILE_FROM = /^[ \t]*FROM[ \t]+(\S+)/gim;

export type SourceKind = 'code' | 'yaml' | 'json' | 'toml' | 'modelfile' | 'notebook';

export function sourceKindOf(file: string): SourceKind | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (/^Modelfile$|\.modelfile$/i.test(base)) return 'modelfile';
  if (/\.(py|js|mjs|cjs|ts|mts|cts|jsx|tsx)$/i.test(base)) return 'code';
  if (/\.ipynb$/i.test(base)) return 'notebook';
  if (/\.ya?ml$/i.test(base)) return 'yaml';
  if (/\.toml$/i.test(base)) return 'toml';
  if (/\.json$/i.test(base)) return 'json';
  return undefined;
}

/** Words one of which a file must contain to be worth the regexes (most files have none). */
const HINTS = /from_pretrained|pipeline\(|hf_hub_download|snapshot_download|hf_hub_url|SentenceTransformer|CrossEncoder|model|repo|^[ \t]*FROM/im;

export function isHubId(s: string): boolean {
  return HUB_ID.test(s) && !FILE_LIKE.test(s) && !s.includes('..');
}

/** Every model reference in one file's text, in file order, duplicates kept (the caller merges). */
export function findModelReferences(input: string, kind: SourceKind): ModelReference[] {
  if (!HINTS.test(input)) return [];
  // A notebook's code is in JSON strings (`"AutoModel.from_pretrained(\"org/name\")\n"`, one
  // source line per JSON line): unescaped quotes keep the lines, columns shift a little.
  const text = kind === 'notebook' ? input.replace(/\\"/g, '"') : input;
  const starts = lineStarts(text);
  const out: ModelReference[] = [];
  const push = (id: string, at: number, refKind: ModelReference['kind']) => {
    out.push({ id, kind: refKind, ...offsetToPosition(starts, at) });
  };
  const valueAt = (m: RegExpExecArray, group: number): { value: string; at: number } => {
    const value = m[group];
    return { value, at: m.index + m[0].lastIndexOf(value) };
  };

  if (kind === 'modelfile') {
    for (const m of text.matchAll(MODELFILE_FROM)) {
      const { value, at } = valueAt(m, 1);
      push(value, at, 'modelfile');
    }
    return out;
  }
  if (kind === 'code' || kind === 'notebook') {
    for (const re of CALL_PATTERNS) {
      for (const m of text.matchAll(re)) {
        // The last captured string is the model (`pipeline("task", "model")` captures two).
        const groups = (m).slice(1);
        let idx = -1;
        for (let g = groups.length - 1; g >= 0; g--) if (groups[g] !== undefined) { idx = g + 1; break; }
        if (idx < 0) continue;
        const { value, at } = valueAt(m, idx);
        if (isHubId(value) || (LEGACY_ID.test(value) && LEGACY_SHAPE.test(value)) || isLocalPath(value)) push(value, at, 'call');
      }
    }
    for (const m of text.matchAll(ASSIGNMENT)) {
      const v = (m)[1] ?? (m)[2];
      const { value, at } = valueAt(m, (m)[1] !== undefined ? 1 : 2);
      if (isHubId(v)) push(value, at, 'assignment');
    }
  } else {
    const re = kind === 'yaml' ? YAML_KEY : kind === 'json' ? JSON_KEY : TOML_KEY;
    for (const m of text.matchAll(re)) {
      const { value, at } = valueAt(m, 1);
      if (isHubId(value)) push(value, at, 'config');
    }
  }
  // A call and an assignment on the same spot are one reference.
  const seen = new Set<string>();
  return out
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .filter((r) => {
      const key = `${r.line}:${r.column}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export function isLocalPath(s: string): boolean {
  return /^(\.{1,2}\/|\/|~\/|[A-Za-z]:\\)/.test(s);
}

/** `hf.co/org/name:Q4_K_M` or `huggingface.co/org/name` in a Modelfile → `org/name`. */
export function hubIdFromOllamaFrom(value: string): string | undefined {
  const m = /^(?:https?:\/\/)?(?:hf\.co|huggingface\.co)\/([^/\s:]+\/[^/\s:]+)(?::\S+)?$/i.exec(value);
  return m ? m[1] : undefined;
}
