// Classic script, run first: records CSP violations, and checks the policy is really in force
// (eval must be refused) before any condense code runs.
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  // The controls below (and the worker's) are expected to be refused.
  if (e.blockedURI === 'eval' && /\/(csp-watch\.js|worker\.mjs)$/.test(e.sourceFile)) return;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`);
});
try {
  (0, eval)('1');
  window.__cspEnforced = false;
} catch (e) {
  window.__cspEnforced = e instanceof EvalError;
}
