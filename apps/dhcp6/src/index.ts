export { type Dhcp6Configuration, loadDhcp6Configuration } from './config.js';
export { dhcp6Daemon } from './daemon.js';
export { Dhcp6Server } from './server.js';
