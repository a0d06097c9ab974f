import * as path from 'node:path';
import { FatalError } from '../../errors';
import { scan } from '../../pipeline';
import { buildNotice, NOTICE_FORMATS, renderNotice, type NoticeFormat } from '../../notice';
import { sbomRoot } from '../../report/sbom-model';
import { type CliIO, emit, printDiagnostics } from '../io';

/** `license-risk notice [dir] [-o FILE] [--format md|txt|html]`: the third-party notices of the shipped components. */
export async function runNotice(flags: { dir: string; output?: string; format: string; config?: string; today?: string }, io: CliIO): Promise<number> {
  if (!(NOTICE_FORMATS as string[]).includes(flags.format)) {
    throw new FatalError(`--format: unknown notice format "${flags.format}" (choose from ${NOTICE_FORMATS.join(', ')})`);
  }
  const root = path.resolve(io.cwd, flags.dir);
  // Notices are for what ships: dev dependencies are left out of the scan itself.
  const { report } = await scan({ dir: root, configPath: flags.config, today: flags.today, env: io.env, production: true });
  printDiagnostics(report, io, true);
  const project = sbomRoot(report, root);
  const doc = await buildNotice(report, root, project.version ? `${project.name} ${project.version}` : project.name);
  emit([renderNotice(doc, flags.format as NoticeFormat)], flags.output, io);
  return 0;
}
