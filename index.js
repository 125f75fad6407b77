// n8n reads the package's `n8n` section in package.json; nothing is exported from here.
module.exports = {};
