import { XMLParser } from 'fast-xml-parser';
const acl = `<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>admin</ID><DisplayName>CI admin</DisplayName></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>admin</ID><DisplayName>CI admin</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`;
const err = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>bkt-two</BucketName><RequestId>tx000000c8f014ccf0115ca-006b017f3e-101d-default</RequestId><HostId>101d-default-default</HostId></Error>`;
const base = { ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, ignoreDeclaration: true, parseTagValue: false, parseAttributeValue: false, trimValues: true };
const variants: Record<string, object> = {
  current: { ...base, processEntities: true, htmlEntities: true, isArray: (n: string) => n === 'Grant' || n === 'Rule' },
  noHtml: { ...base, processEntities: true, htmlEntities: false, isArray: (n: string) => n === 'Grant' || n === 'Rule' },
  noEnt: { ...base, processEntities: false, htmlEntities: false, isArray: (n: string) => n === 'Grant' || n === 'Rule' },
  noEntNoArr: { ...base, processEntities: false, htmlEntities: false },
};
for (const [k, o] of Object.entries(variants)) {
  const p = new XMLParser(o as never);
  for (const [dn, d] of [['acl', acl], ['err', err]]) {
    for (let i = 0; i < 2000; i++) p.parse(d);
    const t = performance.now(); for (let i = 0; i < 20000; i++) p.parse(d);
    console.log(k, dn, ((performance.now() - t) * 1000 / 20000).toFixed(1), 'us');
  }
}
