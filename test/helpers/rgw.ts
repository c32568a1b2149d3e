// The Ceph RGW starter lives with the demo servers (the demo uses it too).
export { freePort, type RgwServer, startRgw } from '../../mocks/demo/rgw.js';
