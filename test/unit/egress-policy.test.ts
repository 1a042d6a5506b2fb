import { parseEgressAllowList, refusalOfAddress, refusalOfUrl } from '../../core/webhooks/egress-policy';

const none = parseEgressAllowList('');
const refusal = (url: string, allow = none) => refusalOfUrl(new URL(url), allow);

test.each([
  ['http://169.254.169.254/latest/meta-data/', /^link-local/],
  ['http://127.0.0.1:6379/', /^loopback/],
  ['http://10.0.0.1/', /^private/],
  ['http://0x7f000001/', /^loopback address 127\.0\.0\.1/],
  ['http://2130706433/', /^loopback/],
  ['http://0177.0.0.1/', /^loopback/],
  ['http://[::1]:8080/', /^loopback/],
  ['http://[::ffff:127.0.0.1]/', /^loopback/],
  ['http://[::ffff:a9fe:a9fe]/', /^link-local/],
  ['http://[64:ff9b::10.0.0.1]/', /^private/],
  ['http://[fd00:ec2::254]/', /^unique-local/],
  ['http://[fe80::1]/', /^link-local/],
  ['http://172.16.5.4/', /^private/],
  ['http://192.168.1.1/', /^private/],
  ['http://100.64.0.1/', /^shared/],
  ['http://224.0.0.1/', /^multicast/],
  ['http://0.0.0.0/', /^unspecified/],
  ['http://255.255.255.255/', /^reserved/],
  ['http://localhost:3000/', /^internal host name/],
  ['http://judge.localhost/', /^internal host name/],
  ['http://metadata.google.internal/computeMetadata/v1/', /^internal host name/],
  ['https://user:secret@hooks.example.com/', /^credentials/],
  ['ftp://hooks.example.com/', /^scheme ftp/],
  ['file:///etc/passwd', /^scheme file/],
])('%s is refused (%s)', (url, rule) => {
  expect(refusal(url)).toMatch(rule);
});

test.each(['https://hooks.example.com/judge', 'http://8.8.8.8/', 'https://[2606:4700::1111]/hook'])('%s is allowed', (url) => {
  expect(refusal(url)).toBeUndefined();
});

test('the allow-list opens host names, addresses and ranges, and nothing else', () => {
  const allow = parseEgressAllowList(' 127.0.0.1 , 10.1.0.0/16, hooks.internal, ::1');
  expect(refusal('http://127.0.0.1:9000/', allow)).toBeUndefined();
  expect(refusal('http://[::1]/', allow)).toBeUndefined();
  expect(refusal('http://10.1.200.3/', allow)).toBeUndefined();
  expect(refusal('http://10.2.0.1/', allow)).toMatch(/^private/);
  expect(refusal('http://127.0.0.2/', allow)).toMatch(/^loopback/);
  expect(refusalOfAddress('10.1.0.9', allow)).toBeUndefined();
  expect(refusalOfAddress('169.254.169.254', allow)).toMatch(/^link-local/);
});

test('an allow-list entry that is neither a name nor a range is refused with its text', () => {
  expect(() => parseEgressAllowList('10.0.0.0/33')).toThrow('"10.0.0.0/33" has an invalid prefix length');
  expect(() => parseEgressAllowList('http://x/')).toThrow('"http://x/" is neither');
});
