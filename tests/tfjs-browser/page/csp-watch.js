// Classic script, run first: records CSP violations, and checks that the policy is in force
// (eval must be refused) before any module runs.
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  if (e.blockedURI === 'eval' && /\/csp-watch\.js$/.test(e.sourceFile)) return; // the check below
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`);
});
try {
  (0, eval)('1');
  window.__cspEnforced = false;
} catch (e) {
  window.__cspEnforced = e instanceof EvalError;
}
