/**
 * Legacy nuspec `<licenseUrl>` values that name exactly one license, mapped to SPDX ids.
 * Sources: NuGet's license service (https://licenses.nuget.org/<expression> — every URL there
 * is the expression itself), the OSI pages (https://opensource.org/licenses/<id>), and the
 * stewards' canonical URLs for Apache, GNU, Mozilla and Microsoft licenses. URLs pointing at a
 * repository's LICENSE file are ambiguous (the file can change) and are left unmapped.
 */
const EXACT: Readonly<Record<string, string>> = {
  'opensource.org/licenses/mit': 'MIT',
  'opensource.org/licenses/mit-license': 'MIT',
  'opensource.org/licenses/mit-license.php': 'MIT',
  'www.opensource.org/licenses/mit-license.php': 'MIT',
  'opensource.org/licenses/apache-2.0': 'Apache-2.0',
  'opensource.org/licenses/bsd-2-clause': 'BSD-2-Clause',
  'opensource.org/licenses/bsd-3-clause': 'BSD-3-Clause',
  'opensource.org/licenses/isc': 'ISC',
  'opensource.org/licenses/ms-pl': 'MS-PL',
  'opensource.org/licenses/mpl-2.0': 'MPL-2.0',
  'opensource.org/licenses/lgpl-2.1': 'LGPL-2.1-only',
  'opensource.org/licenses/lgpl-3.0': 'LGPL-3.0-only',
  'opensource.org/licenses/gpl-2.0': 'GPL-2.0-only',
  'opensource.org/licenses/gpl-3.0': 'GPL-3.0-only',
  'opensource.org/licenses/agpl-3.0': 'AGPL-3.0-only',
  'www.apache.org/licenses/license-2.0': 'Apache-2.0',
  'www.apache.org/licenses/license-2.0.html': 'Apache-2.0',
  'www.apache.org/licenses/license-2.0.txt': 'Apache-2.0',
  'apache.org/licenses/license-2.0': 'Apache-2.0',
  'www.gnu.org/licenses/gpl-3.0.html': 'GPL-3.0-only',
  'www.gnu.org/licenses/gpl-2.0.html': 'GPL-2.0-only',
  'www.gnu.org/licenses/lgpl-3.0.html': 'LGPL-3.0-only',
  'www.gnu.org/licenses/old-licenses/lgpl-2.1.html': 'LGPL-2.1-only',
  'www.gnu.org/licenses/agpl-3.0.html': 'AGPL-3.0-only',
  'www.mozilla.org/mpl/2.0': 'MPL-2.0',
  'mozilla.org/mpl/2.0': 'MPL-2.0',
  'www.microsoft.com/web/webpi/eula/net_library_eula_enu.htm': 'LicenseRef-Microsoft-NET-Library-EULA',
  'go.microsoft.com/fwlink/?linkid=329770': 'LicenseRef-Microsoft-NET-Library-EULA',
};

/** Maps a licenseUrl to an SPDX expression when the URL is unambiguous; undefined otherwise. */
export function spdxFromLicenseUrl(url: string): string | undefined {
  const trimmed = url.trim();
  // https://licenses.nuget.org/MIT or /(MIT OR Apache-2.0): the path is the expression.
  const nuget = /^https?:\/\/licenses\.nuget\.org\/(.+)$/i.exec(trimmed);
  if (nuget) {
    try {
      return decodeURIComponent(nuget[1]).replace(/^\((.*)\)$/, '$1');
    } catch {
      return undefined;
    }
  }
  const key = trimmed
    .replace(/^https?:\/\//i, '')
    .replace(/[/#]+$/, '')
    .toLowerCase();
  return EXACT[key];
}
