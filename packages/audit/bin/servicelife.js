#!/usr/bin/env node
import '../dist/esm/shell/main.js'
