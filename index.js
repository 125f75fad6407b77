// The n8n node starter's entry stub. n8n loads the package through the `n8n` section of package.json;
// package.json has no `main`, so this file is not packed.
module.exports = {};
