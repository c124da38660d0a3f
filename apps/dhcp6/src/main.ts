#!/usr/bin/env node
import { main } from '@nestor/daemon';
import { dhcp6Daemon } from './daemon.js';

main(dhcp6Daemon);
