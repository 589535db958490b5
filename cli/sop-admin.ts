/**
 * `npx sop-admin create-admin --email you@example.com --name "Your Name" [--org "Company"]`:
 * prints a one-time link with which that person sets their password and becomes
 * an admin (valid 24 h). Works on the database of DATABASE_URL, or the embedded one
 * of DATA_DIR (started for the command when the product is stopped).
 * Exit 0 done, 2 bad input (one line on stderr), 1 anything else.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { AccountExistsError, createAdminInvitation } from '../platform/accounts/first-admin';
import { openDatabase } from '../platform/db/database';
import { withDatabaseUrl } from '../platform/db/with-database';

const USAGE = 'usage: sop-admin create-admin --email <address> --name <name> [--org <internal organisation>]';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class BadInput extends Error {}

function parse(argv: string[]): { email: string; name: string; org?: string } {
  const [command, ...rest] = argv;
  if (command !== 'create-admin') throw new BadInput(command ? `unknown command "${command}"; ${USAGE}` : USAGE);
  let values;
  try {
    values = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new BadInput(`${(error as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  const email = values.email?.trim() ?? '';
  const name = values.name?.trim() ?? '';
  if (!email) throw new BadInput(`--email is required; ${USAGE}`);
  if (email.length > 254 || !EMAIL.test(email)) throw new BadInput(`--email must be an e-mail address (found "${email.slice(0, 80)}")`);
  if (!name) throw new BadInput(`--name is required; ${USAGE}`);
  if (name.length > 200) throw new BadInput('--name must be at most 200 characters');
  const org = values.org?.trim();
  if (values.org !== undefined && (!org || org.length > 200)) throw new BadInput('--org must be 1 to 200 characters');
  return { email, name, org };
}

export async function run(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let input;
  try {
    input = parse(argv);
  } catch (error) {
    err(`sop-admin: ${(error as Error).message}`);
    return error instanceof BadInput ? 2 : 1;
  }
  try {
    const config = loadConfig();
    const created = await withDatabaseUrl(config, { log: () => undefined }, async (url) => {
      const db = await openDatabase({ url, poolSize: 2 });
      try {
        await db.migrate();
        return await createAdminInvitation(db.prisma, { email: input.email, name: input.name, orgName: input.org, publicUrl: config.publicUrl });
      } finally {
        await db.close();
      }
    });
    out(`Admin invitation for ${input.email.toLowerCase()} (${created.orgName}), valid until ${created.expiresAt.toISOString()}, usable once:`);
    out(created.link);
    return 0;
  } catch (error) {
    err(`sop-admin: ${(error as Error).message.split('\n')[0]}`);
    return error instanceof AccountExistsError ? 2 : 1;
  }
}

export function runFromProcess(): void {
  run(process.argv.slice(2), (l) => process.stdout.write(l + '\n'), (l) => process.stderr.write(l + '\n')).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`sop-admin: internal error: ${String((error as Error)?.message).split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}
