/**
 * The security-relevant configuration: demo mode only when asked for, and a
 * TRUST_PROXY that cannot be set to "trust everyone"; a storage choice (STORAGE, S3_*)
 * refused with a clear message when it is incomplete or unclear.
 */
import { loadConfig, trustProxyFrom } from '../../platform/config';

describe('SOP_DEMO', () => {
  test.each([
    [undefined, false], ['', false], ['0', false], ['off', false], ['1', true], ['on', true],
  ])('SOP_DEMO=%p gives demoMode %p', (raw, expected) => {
    expect(loadConfig({ SOP_DEMO: raw }).demoMode).toBe(expected);
  });

  test('an unclear value is refused with what to write instead', () => {
    expect(() => loadConfig({ SOP_DEMO: 'yes' })).toThrow('SOP_DEMO must be 1 (demo mode) or 0 (found "yes")');
  });
});

describe('TRUST_PROXY', () => {
  test.each([
    [undefined, false], ['off', false], ['false', false], ['0', false], ['1', 1], ['2', 2],
    ['10.0.0.5', ['10.0.0.5']], ['10.0.0.0/8, loopback', ['10.0.0.0/8', 'loopback']], ['fd00::/8', ['fd00::/8']],
  ])('TRUST_PROXY=%p is read as %p', (raw, expected) => {
    expect(trustProxyFrom(raw)).toEqual(expected);
  });

  test('true (any client chooses its address) and garbage are refused', () => {
    expect(() => trustProxyFrom('true')).toThrow(/give the number of proxies/);
    expect(() => trustProxyFrom('proxy.internal')).toThrow('TRUST_PROXY must be off, a hop count, or addresses/subnets (found "proxy.internal")');
  });
});

describe('STORAGE', () => {
  test('local storage in <DATA_DIR>/files is the default', () => {
    expect(loadConfig({ DATA_DIR: '/srv/sop' }).storage).toEqual({ kind: 'local', dir: '/srv/sop/files' });
  });

  test('STORAGE=s3 reads the bucket, endpoint, region, path style, prefix, encryption, cache size and upload concurrency', () => {
    expect(loadConfig({
      DATA_DIR: '/srv/sop', STORAGE: 's3', S3_BUCKET: 'sop-files', S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com/', S3_REGION: 'oss-cn-hangzhou',
      S3_FORCE_PATH_STYLE: '1', S3_PREFIX: '/prod/files/', S3_SSE: 'aws:kms', S3_SSE_KMS_KEY_ID: 'key-1', S3_CACHE_BYTES: '1000000', S3_MAX_UPLOADS: '4',
    }).storage).toEqual({
      kind: 's3', bucket: 'sop-files', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', region: 'oss-cn-hangzhou', forcePathStyle: true,
      prefix: 'prod/files/', sse: { type: 'aws:kms', kmsKeyId: 'key-1' }, cache: { dir: '/srv/sop/s3-cache', maxBytes: 1000000 }, maxConcurrentUploads: 4,
    });
  });

  test('STORAGE=s3 on AWS needs only the bucket: region from AWS_REGION, virtual-hosted style, no prefix, the bucket default encryption', () => {
    expect(loadConfig({ DATA_DIR: '/d', STORAGE: 's3', S3_BUCKET: 'b', AWS_REGION: 'eu-west-1' }).storage).toEqual({
      kind: 's3', bucket: 'b', endpoint: undefined, region: 'eu-west-1', forcePathStyle: false, prefix: '', sse: undefined,
      cache: { dir: '/d/s3-cache', maxBytes: 1024 * 1024 * 1024 }, maxConcurrentUploads: 16,
    });
  });

  test.each([
    [{ STORAGE: 'gcs' }, 'STORAGE must be local or s3 (found "gcs")'],
    [{ STORAGE: 's3' }, 'STORAGE=s3 needs S3_BUCKET (the bucket name)'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'oss-cn-hangzhou.aliyuncs.com' }, 'S3_ENDPOINT must be an http(s) URL without a path, e.g. https://oss-cn-hangzhou.aliyuncs.com (found "oss-cn-hangzhou.aliyuncs.com")'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'https://AKIA:s3cr3t@oss-cn-hangzhou.aliyuncs.com' }, 'S3_ENDPOINT must not carry credentials (user:password@): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_SSE: 'aes' }, 'S3_SSE must be AES256, aws:kms or off (found "aes")'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_SSE_KMS_KEY_ID: 'k' }, 'S3_SSE_KMS_KEY_ID needs S3_SSE=aws:kms'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'yes' }, 'S3_FORCE_PATH_STYLE must be 1 or 0 (found "yes")'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_PREFIX: 'a/../b' }, 'S3_PREFIX must be a plain key prefix such as "sop/files" (found "a/../b")'],
  ])('%p is refused: %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
