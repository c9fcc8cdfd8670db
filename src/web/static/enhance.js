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
