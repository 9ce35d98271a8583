const P = require('./node_modules/.cache/deptbot-bench/src/wikitext/parse.js');
const Parser = require('wikiparser-node');
function section(i) {
  const rows = [];
  for (let k = 0; k < 8; k++) rows.push('|-', `| {{#time:Y-m-d (l)|2026-12-${10 + k}|{{PAGELANGUAGE}}}} || 16:00–16:45 || {{#language:de|{{PAGELANGUAGE}}}} || [https://zonestamp.toolforge.org/${1765900000 + i * 100 + k} 16:00 UTC] || [https://zoom.us/j/${i}${k} zoom.us]`);
  return ["== <translate>Office hours</translate> ==", "<!-- deptbot:office-hours:start -->", "'''<translate>Upcoming office hours</translate>'''", '{| class="wikitable"', '! <translate>Date</translate> !! <translate>Time (UTC)</translate> !! <translate>Language</translate> !! <translate>Your local time</translate> !! <translate>Join</translate>', ...rows, '|}', "<!-- deptbot:office-hours:end -->", ''].join('\n');
}
console.log('len', section(1).length);
for (let r = 0; r < 3; r++) {
  let t = performance.now(); for (let i = 0; i < 300; i++) P.findUnbalancedMarkup(section(i + r * 1000)); const a = (performance.now() - t) / 300;
  t = performance.now(); for (let i = 0; i < 300; i++) Parser.parse(section(i + r * 1000 + 500), false, 1); const b = (performance.now() - t) / 300;
  t = performance.now(); for (let i = 0; i < 300; i++) Parser.parse(section(i + r * 1000 + 700), false, 2); const c = (performance.now() - t) / 300;
  console.log(`findUnbalanced ${a.toFixed(2)} ms, stage1 ${b.toFixed(2)} ms, stage2 ${c.toFixed(2)} ms`);
}
