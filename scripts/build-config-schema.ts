/**
 * Writes `schema/config.schema.json`, the JSON schema editors use for license-risk configs.
 * Everything but `rules` is written here; `rules` is generated from the rules' metadata: one
 * property per rule id (its description), each a severity or `[severity, options]` with the
 * rule's own options schema (`meta.schema`; a rule without one takes no options). So a new
 * rule, or a new option, reaches the schema by running `npm run build:schema`;
 * `__tests__/config-schema.test.ts` fails while the checked-in file differs from what this
 * writes, and checks the schema and the config validator agree on rule entries.
 *
 * Run after `tsc`: `node dist/scripts/build-config-schema.js` (`npm run build:schema`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAllRules } from '../rules';
import { packageRoot } from '../src/paths';
import type { Rule } from '../src/types';

export const CONFIG_SCHEMA_RELATIVE_PATH = 'schema/config.schema.json';

/** What a rule without `meta.schema` accepts as options: none (as the config validator says). */
const NO_OPTIONS = { type: 'object', additionalProperties: false, properties: {} };

/** `rules`: every rule id → a severity or `[severity, options]` with that rule's options schema. */
function rulesSchema(rules: Record<string, Rule>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const id of Object.keys(rules).sort()) {
    const meta = rules[id].meta;
    properties[id] = {
      description: meta.docs.description,
      oneOf: [
        { $ref: '#/definitions/severity' },
        {
          type: 'array',
          items: [{ $ref: '#/definitions/severity' }, meta.schema ?? NO_OPTIONS],
          additionalItems: false,
          minItems: 1,
          maxItems: 2,
        },
      ],
    };
  }
  return {
    description: 'Rule id → severity ("off", "info", "warn", "error"), or [severity, options]. See `license-risk rules` and rules/<id>/README.md.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** The config schema as an object. */
export function configSchema(rules: Record<string, Rule> = loadAllRules()): Record<string, unknown> {
  return BASE(rules);
}

/** The file's exact text: two-space JSON and a trailing newline. */
export function configSchemaText(rules: Record<string, Rule> = loadAllRules()): string {
  return `${JSON.stringify(configSchema(rules), null, 2)}\n`;
}

function BASE(rules: Record<string, Rule>): Record<string, unknown> {
  return {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "https://github.com/license-risk/license-risk/schema/config.schema.json",
    "title": "license-risk configuration",
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "$schema": {
        "type": "string"
      },
      "profile": {
        "description": "How you make money with this checkout. `auto` infers it.",
        "oneOf": [
          {
            "type": "string",
            "pattern": "^(saas|distributed|library|internal|auto)(:(noncommercial|commercial))?$"
          },
          {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "distribution": {
                "enum": [
                  "saas",
                  "distributed",
                  "library",
                  "internal",
                  "auto"
                ]
              },
              "commercial": {
                "type": "boolean",
                "default": true
              }
            }
          }
        ]
      },
      "rules": rulesSchema(rules),
      "ignore": {
        "description": "Globs, relative to the checkout, that the scan does not walk.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "includeDev": {
        "description": "Scan dev dependencies too (they never produce errors). Default true; false is what --production does.",
        "type": "boolean"
      },
      "licenses": {
        "description": "The license-policy rule's allow/deny lists, cargo-deny style: license ids or \"category:<name>\". A component passes when one way of complying with its expression uses only allowed licenses and no denied one.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "allow": {
            "description": "Acceptable licenses; when set, anything else is reported. e.g. [\"MIT\", \"Apache-2.0\", \"category:permissive\"]",
            "type": "array",
            "items": {
              "type": "string",
              "pattern": "^(category:(permissive|public-domain|weak-copyleft|strong-copyleft|network-copyleft|source-available|noncommercial|proprietary|unknown)|[A-Za-z0-9.+:-]+( WITH [A-Za-z0-9.+:-]+)?)$"
            }
          },
          "deny": {
            "description": "Licenses never acceptable, e.g. [\"AGPL-3.0-only\", \"category:network-copyleft\"]",
            "type": "array",
            "items": {
              "type": "string",
              "pattern": "^(category:(permissive|public-domain|weak-copyleft|strong-copyleft|network-copyleft|source-available|noncommercial|proprietary|unknown)|[A-Za-z0-9.+:-]+( WITH [A-Za-z0-9.+:-]+)?)$"
            }
          },
          "confidence": {
            "description": "Identifications below this confidence (0..1) do not satisfy the policy.",
            "type": "number",
            "minimum": 0,
            "maximum": 1
          }
        }
      },
      "workspaces": {
        "description": "Per workspace (a glob of workspace folders relative to the root, \".\" for the root): a profile, rule settings and ignore globs that beat the top-level ones there.",
        "type": "object",
        "additionalProperties": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "profile": {
              "$ref": "#/properties/profile"
            },
            "rules": {
              "$ref": "#/properties/rules"
            },
            "ignore": {
              "description": "Globs relative to the checkout: findings located there are dropped for this workspace.",
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          }
        }
      },
      "exceptions": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "package",
            "reason"
          ],
          "properties": {
            "package": {
              "type": "string",
              "minLength": 1
            },
            "version": {
              "type": "string",
              "description": "semver range; all versions when absent"
            },
            "rule": {
              "type": "string",
              "description": "rule id, or * for every rule"
            },
            "reason": {
              "type": "string",
              "minLength": 1
            },
            "expires": {
              "type": "string",
              "pattern": "^\\d{4}-\\d{2}-\\d{2}$"
            }
          }
        }
      },
      "overrides": {
        "description": "\"package@range\" → SPDX expression, for wrong upstream metadata.",
        "type": "object",
        "additionalProperties": {
          "type": "string"
        }
      }
    },
    "definitions": {
      "severity": {
        "enum": [
          "off",
          "info",
          "warn",
          "error"
        ]
      }
    }
  };
}

if (require.main === module) {
  fs.writeFileSync(path.join(packageRoot(), CONFIG_SCHEMA_RELATIVE_PATH), configSchemaText());
}
