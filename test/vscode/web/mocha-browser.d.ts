// Mocha's browser build (sets globalThis.Mocha and globalThis.mocha); no types of its own.
declare module 'mocha/mocha.js';
