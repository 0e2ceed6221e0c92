// Keyboard shortcuts (listed in the '?' dialog). Keys typed into a terminal or a field are theirs, except Ctrl+]
// which leaves a terminal.

function typingIn(target) {
  return target.closest?.('input, textarea, select, .xterm, dialog') !== null;
}

export function installShortcuts({ grid, compose, spawn, help, inbox }) {
  document.addEventListener('keydown', e => {
    if (e.key === ']' && e.ctrlKey) {
      e.preventDefault();
      e.stopPropagation(); // not to the terminal: this key is ours
      document.activeElement?.blur();
      grid.move(0);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) {
      return;
    }
    const actions = {
      '?': () => help.showModal(),
      j: () => grid.move(1),
      k: () => grid.move(-1),
      Enter: () => grid.selectedTile()?.focus(),
      c: () => compose.address(grid.selectedTile()?.paneName ?? ''),
      s: () => spawn.open(),
      i: () => inbox.open(),
    };
    const action = actions[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  }, true);
}
