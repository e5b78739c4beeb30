// ESLint for the map page's own scripts (resources/map): plain recommended rules, browser globals,
// the vendored Leaflet global `L`. The scripts are classic (not ES modules): each one is an IIFE
// that adds its part to the one namespace object, window.OLMap (see resources/map/core.js).
// Vendored code (resources/vendor) and generated data (resources/basemap) are not ours to lint.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['resources/vendor/**', 'resources/basemap/**', 'node_modules/**'] },
  js.configs.recommended,
  {
    files: ['resources/map/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: {
        ...globals.browser,
        L: 'readonly',
      },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'none' }],
    },
  },
];
