// Progressive enhancement only: every page works without this file.
// Read-aloud (朗读本页) with the Web Speech API where the browser offers it.
(function () {
  var button = document.querySelector('[data-read-aloud]');
  if (!button || !('speechSynthesis' in window)) return;
  button.hidden = false;
  var speaking = false;
  button.addEventListener('click', function () {
    if (speaking) {
      window.speechSynthesis.cancel();
      speaking = false;
      button.textContent = '朗读本页';
      return;
    }
    var main = document.getElementById('main');
    var u = new SpeechSynthesisUtterance(main ? main.innerText : document.body.innerText);
    u.lang = 'zh-CN';
    u.onend = function () { speaking = false; button.textContent = '朗读本页'; };
    speaking = true;
    button.textContent = '停止朗读';
    button.setAttribute('data-speaking', 'true');
    window.speechSynthesis.speak(u);
  });
})();

// 依申请公开: the receipt's bookmarkable link carries the query code in the URL fragment, which the
// browser never sends (no server log, no Referer); copy it into the tracking form.
(function () {
  var input = document.querySelector('form[data-track] input[name="code"]');
  var m = /(?:^#|&)code=([A-Za-z0-9]{12})(?:&|$)/.exec(location.hash || '');
  if (input && m && !input.value) input.value = m[1].toUpperCase();
})();

// A print button where a page offers one (the receipt); without JS the browser's own print works.
(function () {
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener('click', function () { window.print(); });
  }
})();
