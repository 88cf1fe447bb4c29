import { describe, expect, it } from 'vitest';
import { containerMetadata, isoDate, MAX_TAGS, parseExifToolJson } from './container-metadata';

// ExifTool 13.42's `-json -G1 -n` for a MOV ffmpeg wrote with creation_time, make, model and a
// location (the e2e fixture), cut to the fields read here plus a file-system one.
const MOV = {
  SourceFile: '/provenance.mov',
  'ExifTool:ExifToolVersion': 13.42,
  'System:FileModifyDate': '0000:00:00 00:00:00',
  'File:FileType': 'MOV',
  'QuickTime:CreateDate': '2024:05:06 07:08:09',
  'QuickTime:ModifyDate': '2024:05:06 07:08:09',
  'Track1:CompressorName': 'Lavc59.37.100 libx264',
  'UserData:SoftwareVersion': 'Lavf59.27.100',
  'UserData:Make': 'Acme',
  'UserData:Model': 'Phone 9',
  'Composite:GPSLatitude': 48.8584,
  'Composite:GPSLongitude': 2.2945,
  'Composite:Rotation': 90,
};

describe('containerMetadata', () => {
  it('reads when, with what, on which device and where; QuickTime times are UTC', () => {
    const m = containerMetadata(MOV);
    expect(m).toMatchObject({
      reader: 'ExifTool 13.42',
      fileType: 'MOV',
      createdAt: '2024-05-06T07:08:09Z',
      modifiedAt: '2024-05-06T07:08:09Z',
      encoder: 'Lavc59.37.100 libx264',
      muxer: 'Lavf59.27.100',
      make: 'Acme',
      model: 'Phone 9',
      rotation: 90,
      gps: { latitude: 48.8584, longitude: 2.2945, altitudeM: null },
      warning: null,
      error: null,
    });
  });

  it('leaves out the file-system fields of the reader’s own copy and caps the tags', () => {
    expect(containerMetadata(MOV).tags.map((t) => t.name)).not.toContain('System:FileModifyDate');
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`XMP-x:T${i}`, 'v']));
    expect(containerMetadata(many).tags).toHaveLength(MAX_TAGS);
  });

  it('prefers a phone’s own keys (with their offset) to the container’s date', () => {
    const m = containerMetadata({ ...MOV, 'Keys:CreationDate': '2024:05:06 09:08:09+02:00', 'Keys:Make': 'Apple' });
    expect(m.createdAt).toBe('2024-05-06T09:08:09+02:00');
    expect(m.make).toBe('Apple');
  });

  it('reads a still’s EXIF: its date keeps no zone, software is the encoder', () => {
    const m = containerMetadata({ 'File:FileType': 'JPEG', 'ExifIFD:DateTimeOriginal': '2023:01:02 03:04:05', 'IFD0:Software': 'GIMP 2.10', 'IFD0:Make': 'Canon' });
    expect(m).toMatchObject({ createdAt: '2023-01-02T03:04:05', encoder: 'GIMP 2.10', make: 'Canon', gps: null, rotation: null });
  });

  it('says what the reader found wrong', () => {
    expect(containerMetadata({ ...MOV, 'ExifTool:Warning': "Truncated 'udta' data" }).warning).toBe("Truncated 'udta' data");
  });

  it('drops GPS out of range', () => {
    expect(containerMetadata({ 'Composite:GPSLatitude': 123, 'Composite:GPSLongitude': 2 }).gps).toBeNull();
  });
});

describe('isoDate', () => {
  it.each([
    ['2024:05:06 07:08:09', '2024-05-06T07:08:09'],
    ['2024:05:06 07:08:09.25Z', '2024-05-06T07:08:09.25Z'],
    ['2024:05:06 07:08:09+0130', '2024-05-06T07:08:09+01:30'],
    ['2024-05-06T07:08:09-05:00', '2024-05-06T07:08:09-05:00'],
  ])('%s -> %s', (input, out) => expect(isoDate(input)).toBe(out));
  it.each(['0000:00:00 00:00:00', '2024:13:01 00:00:00', 'yesterday', '', 42])('%s is no date', (input) => expect(isoDate(input)).toBeNull());
});

describe('parseExifToolJson', () => {
  it('reads ExifTool’s array', () => {
    expect(parseExifToolJson(JSON.stringify([MOV])).make).toBe('Acme');
  });
  it('turns bad output and ExifTool’s own error into one sentence', () => {
    expect(parseExifToolJson('not json').error).toBe('The metadata reader returned something that is not JSON.');
    expect(parseExifToolJson('[]').error).toBe('The metadata reader found nothing in this file.');
    const e = parseExifToolJson(JSON.stringify([{ 'ExifTool:Error': 'File format error' }]));
    expect(e.error).toBe('The metadata could not be read: File format error.');
    expect(e.errorWords).toEqual({ key: 'metadataFailed', values: { why: 'File format error' } });
    expect(e.createdAt).toBeNull();
  });
});
