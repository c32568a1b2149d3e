// The Azurite starter lives with the demo servers (the demo uses it too).
export { AZURITE_ACCOUNT, AZURITE_KEY, type AzuriteServer, startAzurite } from '../../mocks/demo/azurite.js';
