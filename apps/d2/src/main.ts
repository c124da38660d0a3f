#!/usr/bin/env node
import { main } from '@nestor/daemon';
import { d2Definition } from './definition.js';

main(d2Definition());
