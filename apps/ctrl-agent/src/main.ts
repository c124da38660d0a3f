#!/usr/bin/env node
import { main } from '@nestor/daemon';
import { ctrlAgentDefinition } from './definition.js';

main(ctrlAgentDefinition());
