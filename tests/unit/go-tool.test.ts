import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTool, TOOLS_BIN, verifiedGoEnv } from '../../platform/tools/go-tool';

describe('building pinned Go tools', () => {
  test('an inherited GOSUMDB=off and checksum exemptions are overridden, so module hashes are always checked', () => {
    const env = verifiedGoEnv({ PATH: '/usr/bin', GOSUMDB: 'off', GONOSUMDB: 'github.com', GOPRIVATE: '*', GOINSECURE: '*', GONOSUMCHECK: '1' });
    expect(env).toEqual({
      PATH: '/usr/bin',
      GOENV: 'off',
      GOBIN: TOOLS_BIN,
      GOFLAGS: '-mod=mod',
      GOSUMDB: 'sum.golang.org',
      GONOSUMDB: '',
      GONOSUMCHECK: '',
      GOPRIVATE: '',
      GOINSECURE: '',
    });
  });

  test('a checksum database of the company (a mirror of sum.golang.org) is kept', () => {
    expect(verifiedGoEnv({ GOSUMDB: 'sum.golang.google.cn' }).GOSUMDB).toBe('sum.golang.google.cn');
  });

  test('an insecure GOFLAGS from the shell is replaced', () => {
    expect(verifiedGoEnv({ GOFLAGS: '-insecure -mod=vendor' }).GOFLAGS).toBe('-mod=mod');
  });

  test('a tool named by its variable must be an executable file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-tool-'));
    const plain = path.join(dir, 'versitygw');
    fs.writeFileSync(plain, 'not a program');
    expect(() => findTool('versitygw', 'VERSITYGW_BIN', { VERSITYGW_BIN: plain })).toThrow(
      `VERSITYGW_BIN points to "${plain}", which is not an executable file`,
    );
    fs.chmodSync(plain, 0o755);
    expect(findTool('versitygw', 'VERSITYGW_BIN', { VERSITYGW_BIN: plain })).toBe(plain);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
