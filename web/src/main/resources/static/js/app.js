// CareRelay web: the little the pages need beyond htmx. No data is kept in browser storage.
(function () {
  'use strict';

  function csrf() {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    return token && header ? {header: header.content, token: token.content} : null;
  }

  document.addEventListener('htmx:configRequest', function (event) {
    var c = csrf();
    if (c) {
      event.detail.headers[c.header] = c.token;
    }
  });

  function toast(text, bad) {
    var box = document.getElementById('toast');
    if (!box) {
      return;
    }
    box.textContent = text;
    box.classList.toggle('bad', !!bad);
    box.classList.add('show');
    clearTimeout(box._hide);
    box._hide = setTimeout(function () { box.classList.remove('show'); }, 6000);
  }

  // the compose panel slides in when its content arrives, and out when closed
  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail.target;
    if (!target) {
      return;
    }
    if (target.id === 'compose-panel') {
      target.classList.add('open');
      var first = target.querySelector('#to-input') || target.querySelector('h2');
      if (first && !target.querySelector('.sent')) {
        first.focus();
      }
    }
    if (target.id === 'recipient-options') {
      combobox.opened(target);
    }
    if (target.id === 'attachment-list') {
      var input = document.getElementById('file-input');
      if (input) {
        input.value = '';
      }
    }
    if (target.id === 'notices') {
      target.hidden = false;
      document.getElementById('bell-button').setAttribute('aria-expanded', 'true');
    }
  });

  // a failed request is said in words (htmx leaves the page as it was)
  document.addEventListener('htmx:responseError', function (event) {
    toast('That did not work (HTTP ' + event.detail.xhr.status + '). Please try again.', true);
  });
  document.addEventListener('htmx:sendError', function () {
    toast('The server could not be reached. Please try again.', true);
  });

  document.addEventListener('message-sent', function () {
    toast('Message sent');
    var list = document.getElementById('list-form');
    if (list && window.htmx) {
      window.htmx.trigger(list, 'submit');
    }
  });

  document.addEventListener('click', function (event) {
    var close = event.target.closest('.close-panel');
    if (close) {
      var panel = document.getElementById('compose-panel');
      panel.classList.remove('open');
      panel.innerHTML = '';
      var add = document.getElementById('add-message');
      if (add) {
        add.focus();
      }
      return;
    }
    var remove = event.target.closest('.chip-remove');
    if (remove) {
      remove.closest('.chip').remove();
      document.body.dispatchEvent(new CustomEvent('recipients-changed'));
      document.getElementById('to-input').focus();
      return;
    }
    var removeFile = event.target.closest('.file-remove');
    if (removeFile) {
      removeFile.closest('.file').remove();
      return;
    }
    var option = event.target.closest('#recipient-options [role="option"]');
    if (option) {
      combobox.choose(option);
    }
  });

  // the To: combobox (WAI-ARIA combobox with a listbox popup)
  var combobox = {
    options: function () {
      return Array.prototype.slice.call(document.querySelectorAll('#recipient-options [role="option"]:not([aria-disabled])'));
    },
    input: function () {
      return document.getElementById('to-input');
    },
    opened: function (listbox) {
      var has = listbox.children.length > 0;
      listbox.hidden = !has;
      this.input().setAttribute('aria-expanded', String(has));
      this.mark(this.options().length ? 0 : -1);
    },
    close: function () {
      var listbox = document.getElementById('recipient-options');
      if (listbox) {
        listbox.hidden = true;
        listbox.innerHTML = '';
      }
      this.input().setAttribute('aria-expanded', 'false');
      this.input().removeAttribute('aria-activedescendant');
    },
    mark: function (index) {
      var options = this.options();
      options.forEach(function (option, i) {
        option.setAttribute('aria-selected', String(i === index));
        option.classList.toggle('active', i === index);
      });
      this.active = index;
      if (index >= 0 && options[index]) {
        this.input().setAttribute('aria-activedescendant', options[index].id);
        options[index].scrollIntoView({block: 'nearest'});
      } else {
        this.input().removeAttribute('aria-activedescendant');
      }
    },
    choose: function (option) {
      var value = option.getAttribute('data-value');
      var name = option.getAttribute('data-name');
      var kind = option.getAttribute('data-kind');
      var chips = document.getElementById('chips');
      if (!chips.querySelector('input[value^="' + value + '|"]')) {
        var chip = document.createElement('li');
        chip.className = 'chip';
        var label = document.createElement('span');
        label.textContent = name;
        var small = document.createElement('small');
        small.textContent = kind === 'direct_contact' ? 'DIRECT' : kind.charAt(0).toUpperCase() + kind.slice(1);
        var hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = 'recipient';
        hidden.value = value + '|' + name;
        var remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'chip-remove';
        remove.setAttribute('aria-label', 'Remove ' + name);
        remove.textContent = '\u00d7';
        chip.append(label, ' ', small, hidden, remove);
        chips.appendChild(chip);
        document.body.dispatchEvent(new CustomEvent('recipients-changed'));
      }
      this.input().value = '';
      this.close();
      this.input().focus();
    },
    active: -1
  };

  document.addEventListener('keydown', function (event) {
    if (event.target.id !== 'to-input') {
      return;
    }
    var options = combobox.options();
    if (event.key === 'ArrowDown' && options.length) {
      event.preventDefault();
      combobox.mark(Math.min(combobox.active + 1, options.length - 1));
    } else if (event.key === 'ArrowUp' && options.length) {
      event.preventDefault();
      combobox.mark(Math.max(combobox.active - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (combobox.active >= 0 && options[combobox.active]) {
        combobox.choose(options[combobox.active]);
      }
    } else if (event.key === 'Escape') {
      combobox.close();
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    var shown = document.getElementById('toast');
    if (shown && shown.textContent.trim()) {
      toast(shown.textContent.trim());
    }
  });
})();
