// Preloaded with `node --require` by .ci/synth-at-floor: every `require` of aws-cdk-lib or
// constructs, from the example, the library sources or cdk-nag, resolves to the copies installed in
// $CDK_ALIAS_DIR/node_modules instead of the repository's pinned ones. Node's NODE_PATH cannot do
// this: it is only consulted after every node_modules folder up the tree.
'use strict';
const Module = require('module');
const path = require('path');

const root = process.env.CDK_ALIAS_DIR;
if (!root) throw new Error('CDK_ALIAS_DIR is not set: it names the folder aws-cdk-lib and constructs were installed into');
const aliased = /^(aws-cdk-lib|constructs)(\/.*)?$/;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (aliased.test(request)) {
    return resolve.call(this, request, { ...parent, paths: [path.join(root, 'node_modules')] }, ...rest);
  }
  return resolve.call(this, request, parent, ...rest);
};
