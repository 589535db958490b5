import { join } from 'node:path';
import sharp from 'sharp';
import { decodeImage, IMAGE_DECODE_DEFAULTS } from '../../checks/image-decode';

const fixture = (name: string): string => join(__dirname, '..', 'fixtures', 'images', name);

describe('decodeImage', () => {
  it('decodes a PNG to RGBA bytes of its size', async () => {
    const image = await decodeImage(fixture('reference.png'));
    expect(image).toMatchObject({ width: 1200, height: 600, format: 'png' });
    expect(image.data.length).toBe(1200 * 600 * 4);
  });

  it('flattens transparency on white', async () => {
    const clear = await sharp({ create: { width: 2, height: 2, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const image = await decodeImage(clear);
    expect([...image.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('applies the EXIF orientation', async () => {
    // 4×2 stored, orientation 6 (rotate 90° clockwise to display) → 2×4 displayed
    const stored = await sharp({ create: { width: 4, height: 2, channels: 3, background: '#00ff00' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeImage(stored);
    expect([image.width, image.height]).toEqual([2, 4]);
  });

  it('converts 16-bit images to 8-bit RGBA', async () => {
    const deep = await sharp({ create: { width: 3, height: 1, channels: 3, background: { r: 10, g: 20, b: 30 } } }).toColourspace('rgb16').png().toBuffer();
    const image = await decodeImage(deep);
    expect([...image.data.subarray(0, 4)]).toEqual([10, 20, 30, 255]);
  });

  it('refuses an image over the pixel limit, naming both sizes', async () => {
    await expect(decodeImage(fixture('over-limit.png'), { name: 'big.png' })).rejects.toMatchObject({
      code: 'IMAGE_TOO_LARGE', message: 'big.png: image is 7000×6000 (42 MP), over the 40 MP limit',
    });
  });

  it('takes a configurable pixel limit', async () => {
    await expect(decodeImage(fixture('reference.png'), { maxMegapixels: 0.5 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    expect(IMAGE_DECODE_DEFAULTS.maxMegapixels).toBe(40);
  });

  it.each([
    ['empty.png', 'IMAGE_EMPTY'],
    ['truncated.png', 'IMAGE_DECODE_FAILED'],
    ['corrupt.png', 'IMAGE_DECODE_FAILED'],
    ['gif-named.png', 'IMAGE_UNSUPPORTED_FORMAT'],
    ['text-named.png', 'IMAGE_UNSUPPORTED_FORMAT'],
    ['does-not-exist.png', 'FILE_UNREADABLE'],
  ])('rejects %s with %s', async (file, code) => {
    await expect(decodeImage(fixture(file))).rejects.toMatchObject({ name: 'CheckInputError', code });
  });

  it('scales to a requested size', async () => {
    const image = await decodeImage(fixture('draft-small.png'), { resizeTo: { width: 120, height: 60 } });
    expect([image.width, image.height, image.data.length]).toEqual([120, 60, 120 * 60 * 4]);
  });
});
