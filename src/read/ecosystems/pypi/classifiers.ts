/**
 * Trove license classifiers (https://pypi.org/classifiers/) mapped to SPDX ids where the
 * classifier names one license and one version. Generic ones ("BSD License", "GNU General
 * Public License (GPL)", "OSI Approved") name no version or no single license and are left
 * out: they go to identify unmapped rather than guessed. Source for the ids:
 * https://spdx.org/licenses/ ; the pairing follows the classifier titles word for word.
 */
export const TROVE_LICENSE_TO_SPDX: Readonly<Record<string, string>> = {
  'License :: OSI Approved :: Academic Free License (AFL)': 'AFL-3.0',
  'License :: OSI Approved :: Apache Software License': 'Apache-2.0',
  'License :: OSI Approved :: Apple Public Source License': 'APSL-2.0',
  'License :: OSI Approved :: Artistic License': 'Artistic-2.0',
  'License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)': 'BSL-1.0',
  'License :: OSI Approved :: CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)': 'CECILL-2.1',
  'License :: OSI Approved :: Common Development and Distribution License 1.0 (CDDL-1.0)': 'CDDL-1.0',
  'License :: OSI Approved :: Common Public License': 'CPL-1.0',
  'License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)': 'EPL-1.0',
  'License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)': 'EPL-2.0',
  'License :: OSI Approved :: European Union Public Licence 1.1 (EUPL 1.1)': 'EUPL-1.1',
  'License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)': 'EUPL-1.2',
  'License :: OSI Approved :: GNU Affero General Public License v3': 'AGPL-3.0-only',
  'License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)': 'AGPL-3.0-or-later',
  'License :: OSI Approved :: GNU Free Documentation License (FDL)': 'GFDL-1.3-or-later',
  'License :: OSI Approved :: GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)': 'GPL-2.0-or-later',
  'License :: OSI Approved :: GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
  'License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)': 'GPL-3.0-or-later',
  'License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)': 'LGPL-2.0-only',
  'License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)': 'LGPL-2.0-or-later',
  'License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)': 'LGPL-3.0-or-later',
  'License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)': 'LGPL-2.0-or-later',
  'License :: OSI Approved :: Historical Permission Notice and Disclaimer (HPND)': 'HPND',
  'License :: OSI Approved :: IBM Public License': 'IPL-1.0',
  'License :: OSI Approved :: ISC License (ISCL)': 'ISC',
  'License :: OSI Approved :: MIT License': 'MIT',
  'License :: OSI Approved :: MIT No Attribution License (MIT-0)': 'MIT-0',
  'License :: OSI Approved :: MirOS License (MirOS)': 'MirOS',
  'License :: OSI Approved :: Mozilla Public License 1.0 (MPL)': 'MPL-1.0',
  'License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)': 'MPL-1.1',
  'License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0',
  'License :: OSI Approved :: Mulan Permissive Software License v2 (MulanPSL-2.0)': 'MulanPSL-2.0',
  'License :: OSI Approved :: Open Software License 3.0 (OSL-3.0)': 'OSL-3.0',
  'License :: OSI Approved :: PostgreSQL License': 'PostgreSQL',
  'License :: OSI Approved :: Python Software Foundation License': 'PSF-2.0',
  'License :: OSI Approved :: Universal Permissive License (UPL)': 'UPL-1.0',
  'License :: OSI Approved :: The Unlicense (Unlicense)': 'Unlicense',
  'License :: OSI Approved :: zlib/libpng License': 'Zlib',
  'License :: OSI Approved :: Zope Public License': 'ZPL-2.1',
  'License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication': 'CC0-1.0',
  'License :: Eiffel Forum License (EFL)': 'EFL-2.0',
  'License :: Public Domain': 'LicenseRef-Public-Domain',
};

/** Maps the license classifiers of a package; unmapped license classifiers are returned apart. */
export function mapLicenseClassifiers(classifiers: string[]): { spdx: string[]; unmapped: string[] } {
  const spdx = new Set<string>();
  const unmapped: string[] = [];
  for (const raw of classifiers) {
    const c = raw.trim().replace(/\s*::\s*/g, ' :: ');
    if (!c.startsWith('License ::')) continue;
    const id = TROVE_LICENSE_TO_SPDX[c];
    if (id) spdx.add(id);
    else unmapped.push(c);
  }
  return { spdx: [...spdx].sort(), unmapped };
}
