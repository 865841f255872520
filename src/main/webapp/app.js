/*
 * Switchboard client: three panels (Echo, Relay, Chat), each on its own WebSocket.
 * Plain JavaScript, no build step, no inline code (the page runs under a strict CSP).
 * Text from the network is only ever put into the page with textContent, never as HTML.
 */
(function () {
  'use strict';

  // Authentication (when the server has it on): the token is kept for this tab only.
  const TOKEN_KEY = 'switchboard.token';
  let accessToken = (() => { try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; } })();

  const MAX_ENTRIES = 500;           // per log; older entries are dropped from the page
  const RETRY_BASE_MS = 800;         // first reconnect delay
  const RETRY_MAX_MS = 15000;        // longest reconnect delay
  const STABLE_MS = 3000;            // a connection open this long resets the backoff
  const CONNECT_TIMEOUT_MS = 10000;  // a handshake still pending after this is abandoned and retried
  const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

  // ws://host/context/ or wss://... : same host and context path the page came from.
  const wsBase = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host +
      location.pathname.replace(/[^/]*$/, '');

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function pad2(n) { return String(n).padStart(2, '0'); }

  function clockTime(date) {
    return pad2(date.getHours()) + ':' + pad2(date.getMinutes()) + ':' + pad2(date.getSeconds());
  }

  function timeElement(iso) {
    const t = el('time', 'time');
    const d = iso ? new Date(iso) : new Date();
    if (Number.isNaN(d.getTime())) {
      t.textContent = String(iso);
    } else {
      t.dateTime = d.toISOString();
      t.textContent = clockTime(d);
      t.title = d.toLocaleString();
    }
    return t;
  }

  /** A scrolling list of entries that keeps to the bottom while the reader is there. */
  class Log {
    constructor(list) { this.list = list; }

    add(entry) {
      const list = this.list;
      const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
      list.appendChild(entry);
      while (list.childElementCount > MAX_ENTRIES) list.firstElementChild.remove();
      if (atBottom) list.scrollTop = list.scrollHeight;
      return entry;
    }

    notice(text) { return this.add(el('li', 'entry notice', text)); }

    error(text) {
      const li = el('li', 'entry error', text);
      li.dataset.testid = 'error';
      return this.add(li);
    }

    clear() { this.list.replaceChildren(); }
  }

  /** The server's "retry in N ms" (in a 1001 close reason at shutdown), capped at the longest backoff; or null. */
  function retryHint(event) {
    const match = /retry in (\d+) ms/.exec(event.reason || '');
    return match ? Math.min(RETRY_MAX_MS, Number(match[1])) : null;
  }

  /**
   * One WebSocket that reconnects by itself with exponential backoff and jitter, and shows its
   * state in a badge: connecting, connected, disconnected (with the retry countdown).
   */
  class Channel {
    constructor(name, badge, handlers) {
      this.name = name;
      this.badge = badge;
      this.handlers = handlers;     // url(), onOpen(), onMessage(data), onClose(wasOpen), onState(state)
      this.ws = null;
      this.attempt = 0;
      this.timer = null;
      this.countdown = null;
      this.handshakeTimer = null;
      this.openedAt = 0;
    }

    get open() { return this.ws !== null && this.ws.readyState === WebSocket.OPEN; }

    connect() {
      this.clearTimers();
      this.setState('connecting', 'connecting');
      let ws;
      try {
        // Browsers cannot set headers on a WebSocket: the token travels as the subprotocol pair "bearer, <token>".
        ws = accessToken ? new WebSocket(this.handlers.url(), ['bearer', accessToken])
          : new WebSocket(this.handlers.url());
      } catch (e) {
        this.scheduleRetry();
        return;
      }
      this.ws = ws;
      this.handshakeTimer = setTimeout(() => {
        if (this.ws === ws && ws.readyState === WebSocket.CONNECTING) ws.close();
      }, CONNECT_TIMEOUT_MS);
      ws.onopen = () => {
        if (this.ws !== ws) return;
        clearTimeout(this.handshakeTimer);
        this.openedAt = Date.now();
        this.setState('connected', 'connected');
        this.handlers.onOpen();
      };
      ws.onmessage = (event) => {
        if (this.ws !== ws) return;
        this.handlers.onMessage(event.data);
      };
      ws.onclose = (event) => {
        if (this.ws !== ws) return;    // replaced on purpose (e.g. room change)
        clearTimeout(this.handshakeTimer);
        this.ws = null;
        const wasOpen = this.openedAt !== 0;
        if (wasOpen && Date.now() - this.openedAt >= STABLE_MS) this.attempt = 0;
        this.openedAt = 0;
        this.handlers.onClose(wasOpen, event);
        this.scheduleRetry(retryHint(event));
      };
    }

    /** Drops the current socket (if any) and connects again at once. */
    reconnect() {
      const old = this.ws;
      this.ws = null;
      this.attempt = 0;
      if (old) old.close(1000, 'reconnect');
      this.connect();
    }

    /** Returns false when the message could not be handed to an open socket. */
    send(data) {
      if (!this.open) return false;
      this.ws.send(typeof data === 'string' ? data : JSON.stringify(data));
      return true;
    }

    /** hint: the delay the server asked for (a stopping node spreads its clients' reconnects), or null. */
    scheduleRetry(hint = null) {
      this.clearTimers();
      const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * Math.pow(2, this.attempt));
      const delay = hint !== null ? hint : Math.round(ceiling * (0.75 + Math.random() * 0.5));
      this.attempt = Math.min(this.attempt + 1, 10);
      const due = Date.now() + delay;
      const show = () => {
        const s = Math.max(1, Math.ceil((due - Date.now()) / 1000));
        this.setState('disconnected', 'disconnected · retry in ' + s + ' s');
      };
      show();
      this.countdown = setInterval(show, 1000);
      this.timer = setTimeout(() => this.connect(), delay);
    }

    /** The network came back: don't wait out the backoff (an attempt under way keeps going). */
    retryNow() {
      this.attempt = 0;
      if (this.timer !== null) this.connect();
    }

    clearTimers() {
      if (this.timer !== null) clearTimeout(this.timer);
      if (this.countdown !== null) clearInterval(this.countdown);
      this.timer = null;
      this.countdown = null;
    }

    setState(state, text) {
      this.badge.dataset.state = state;
      this.badge.textContent = text;
      this.badge.title = this.name + ': ' + text;
      if (this.handlers.onState) this.handlers.onState(state);
    }
  }

  function parse(data) {
    if (typeof data !== 'string') return null;
    try {
      const msg = JSON.parse(data);
      return msg && typeof msg === 'object' ? msg : null;
    } catch (e) {
      return null;
    }
  }

  /** "Disconnected", with the server's reason when it gave one (e.g. "service restart"). */
  function closedText(event) {
    return event && event.reason ? 'Disconnected: ' + event.reason : 'Disconnected';
  }

  function errorText(msg) {
    return (msg.code ? msg.code + ': ' : '') + (msg.message || 'error');
  }

  /* ---------------------------------------------------------------- Echo */

  function startEcho() {
    const log = new Log($('echo-log'));
    const form = $('echo-form');
    const input = $('echo-input');
    const send = $('echo-send');

    const channel = new Channel('Echo', $('echo-status'), {
      url: () => wsBase + 'echo',
      onOpen: () => {},
      onMessage: (data) => {
        const li = el('li', 'entry in');
        li.dataset.testid = 'echo-message';
        const meta = el('span', 'meta');
        meta.append(el('span', 'who', 'echo'), timeElement());
        li.append(meta, el('span', 'text', typeof data === 'string' ? data : '[binary]'));
        log.add(li);
      },
      onClose: () => {},
      onState: (state) => { send.disabled = state !== 'connected'; }
    });

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value;
      if (!text) return;
      if (!channel.send(text)) return;
      const li = el('li', 'entry out');
      li.dataset.testid = 'echo-sent';
      const meta = el('span', 'meta');
      meta.append(el('span', 'who', 'you'), timeElement());
      li.append(meta, el('span', 'text', text));
      log.add(li);
      input.value = '';
      input.focus();
    });

    channel.connect();
    return channel;
  }

  /* --------------------------------------------------------------- Relay */

  function startRelay() {
    const log = new Log($('relay-log'));
    const idBox = $('relay-id');
    const peerList = $('relay-peers');
    const peerCount = $('relay-peer-count');
    const noPeers = $('relay-no-peers');
    const toLabel = $('relay-to');
    const form = $('relay-form');
    const input = $('relay-input');
    const send = $('relay-send');

    const peers = new Map();        // id -> <li>
    const pending = new Map();      // ref -> outgoing entry
    let myId = null;
    let selected = null;
    let nextRef = 1;
    let connected = false;

    function peerLabel(id) { return el('span', 'peer-id', id); }

    function updateComposer() {
      toLabel.dataset.peer = selected || '';
      toLabel.replaceChildren();
      if (selected) {
        toLabel.append('to ', peerLabel(selected));
      } else {
        toLabel.textContent = peers.size ? 'pick a peer' : 'no peers';
      }
      send.disabled = !(connected && selected);
    }

    function select(id) {
      selected = (selected === id) ? null : id;
      for (const [peerId, li] of peers) {
        li.firstElementChild.setAttribute('aria-pressed', String(peerId === selected));
      }
      updateComposer();
      if (selected) input.focus();
    }

    function renderPeers() {
      const ids = [...peers.keys()].sort((a, b) => (Number(a) - Number(b)) || a.localeCompare(b));
      peerList.replaceChildren(...ids.map((id) => peers.get(id)));
      peerCount.textContent = String(peers.size);
      noPeers.hidden = peers.size > 0;
    }

    function addPeer(id) {
      id = String(id);
      if (id === myId || peers.has(id)) return;
      const li = el('li');
      li.dataset.testid = 'relay-peer';
      li.dataset.peer = id;
      const button = el('button');
      button.type = 'button';
      button.dataset.testid = 'relay-peer-button';
      button.dataset.peer = id;
      button.setAttribute('aria-pressed', String(id === selected));
      button.title = 'Send to #' + id;
      button.append(peerLabel(id));
      button.addEventListener('click', () => select(id));
      li.append(button);
      peers.set(id, li);
    }

    function removePeer(id) {
      id = String(id);
      if (!peers.delete(id)) return;
      if (selected === id) selected = null;
    }

    function setPeers(ids) {
      peers.clear();
      (ids || []).forEach(addPeer);
      if (selected && !peers.has(selected)) selected = null;
      renderPeers();
      updateComposer();
    }

    function onMessage(data) {
      const msg = parse(data);
      if (!msg) return;
      switch (msg.type) {
        case 'welcome': {
          myId = String(msg.id);
          idBox.textContent = myId;
          setPeers(msg.peers);
          log.notice('You are #' + myId);
          break;
        }
        case 'joined': {
          addPeer(msg.id);
          renderPeers();
          updateComposer();
          log.notice('#' + msg.id + ' joined');
          break;
        }
        case 'left': {
          removePeer(msg.id);
          renderPeers();
          updateComposer();
          log.notice('#' + msg.id + ' left');
          break;
        }
        case 'message': {
          const from = String(msg.from);
          const li = el('li', 'entry in');
          li.dataset.testid = 'relay-message';
          li.dataset.from = from;
          const meta = el('span', 'meta');
          const who = el('span', 'who');
          who.append('from ', peerLabel(from));
          who.dataset.testid = 'relay-from';
          meta.append(who, timeElement());
          const text = el('span', 'text', msg.text);
          text.dataset.testid = 'relay-text';
          li.append(meta, text);
          log.add(li);
          break;
        }
        case 'ack': {
          const entry = pending.get(msg.ref);
          if (entry) {
            pending.delete(msg.ref);
            entry.dataset.state = 'delivered';
            entry.querySelector('.state').textContent = 'delivered ✓';
          }
          break;
        }
        case 'error': {
          const entry = msg.ref !== undefined ? pending.get(msg.ref) : undefined;
          if (entry) {
            pending.delete(msg.ref);
            entry.dataset.state = 'failed';
            entry.querySelector('.state').textContent = 'not delivered';
          }
          log.error(errorText(msg));
          break;
        }
        default:
          break;
      }
    }

    const channel = new Channel('Relay', $('relay-status'), {
      url: () => wsBase + 'relay',
      onOpen: () => {},
      onMessage,
      onClose: (wasOpen, event) => {
        if (!wasOpen) return;
        myId = null;
        idBox.textContent = '–';
        for (const entry of pending.values()) {
          entry.dataset.state = 'failed';
          entry.querySelector('.state').textContent = 'connection lost';
        }
        pending.clear();
        setPeers([]);
        log.notice(closedText(event));
      },
      onState: (state) => {
        connected = state === 'connected';
        updateComposer();
      }
    });

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value;
      if (!text || !selected) return;
      const ref = 'r' + (nextRef++);
      if (!channel.send({ type: 'send', to: selected, text, ref })) return;
      const li = el('li', 'entry out');
      li.dataset.testid = 'relay-sent';
      li.dataset.to = selected;
      li.dataset.state = 'pending';
      const meta = el('span', 'meta');
      const who = el('span', 'who');
      who.append('to ', peerLabel(selected));
      meta.append(who, timeElement(), el('span', 'state', 'sending…'));
      li.append(meta, el('span', 'text', text));
      pending.set(ref, li);
      log.add(li);
      input.value = '';
      input.focus();
    });

    updateComposer();
    renderPeers();
    channel.connect();
    return channel;
  }

  /* ---------------------------------------------------------------- Chat */

  function startChat() {
    const log = new Log($('chat-log'));
    const roomForm = $('chat-room-form');
    const roomInput = $('chat-room');
    const currentRoom = $('chat-current-room');
    const membersCount = $('chat-members-count');
    const membersLabel = $('chat-members-label');
    const form = $('chat-form');
    const usernameInput = $('chat-username');
    const input = $('chat-input');
    const send = $('chat-send');

    const params = new URLSearchParams(location.search);
    let room = ROOM_PATTERN.test(params.get('room') || '') ? params.get('room') : 'lobby';
    let lastSeq = null;       // highest seq shown in this room; asked for as ?since= on reconnect
    let askedSince = null;    // the since of the current connection
    let epoch = null;         // cluster mode: the name of the room's history, sent back on reconnect

    roomInput.value = room;
    usernameInput.value = params.get('username') || readStored('switchboard.username') || '';

    function readStored(key) {
      try { return localStorage.getItem(key); } catch (e) { return null; }
    }

    function store(key, value) {
      try { localStorage.setItem(key, value); } catch (e) { /* private mode: fine */ }
    }

    function setMembers(n) {
      if (n === null) {            // not connected: unknown
        membersCount.textContent = '–';
        membersLabel.textContent = 'members';
        return;
      }
      const count = Number(n) || 0;
      membersCount.textContent = String(count);
      membersLabel.textContent = count === 1 ? 'member' : 'members';
    }

    function showRoom() {
      currentRoom.textContent = '#' + room;
      document.title = 'Switchboard · #' + room;
    }

    function addChat(msg) {
      const li = el('li', 'entry chat');
      li.dataset.testid = 'chat-message';
      li.dataset.seq = String(msg.seq);
      if (usernameInput.value && msg.username === usernameInput.value) li.classList.add('mine');
      const meta = el('span', 'meta');
      const user = el('span', 'username', msg.username);
      user.dataset.testid = 'chat-message-username';
      const time = timeElement(msg.time);
      time.dataset.testid = 'chat-message-time';
      meta.append(user, time);
      const text = el('span', 'text', msg.text);
      text.dataset.testid = 'chat-message-text';
      li.append(meta, text);
      log.add(li);
    }

    function onMessage(data) {
      const msg = parse(data);
      if (!msg) return;
      switch (msg.type) {
        case 'welcome': {
          if (msg.room && msg.room !== room) break;
          setMembers(msg.members);
          const latest = Number(msg.seq) || 0;
          const reset = epoch !== null && msg.epoch && msg.epoch !== epoch;
          if (msg.epoch) epoch = msg.epoch;
          if (reset && lastSeq !== null) {
            // Cluster mode: the room's history was lost (Redis restarted empty); what is retained is replayed.
            log.notice('The room\'s history was reset; showing what it kept');
            lastSeq = 0;
            break;
          }
          if (askedSince !== null && latest < askedSince) {
            // The room started over (server restarted): catch up from its first message.
            log.notice('The room was restarted; loading its messages again');
            lastSeq = 0;
            channel.reconnect();
            break;
          }
          if (lastSeq === null) {
            lastSeq = latest;
            log.notice('Joined #' + room);
          } else {
            const missed = Math.max(0, latest - lastSeq);
            log.notice(missed === 0 ? 'Reconnected' : 'Reconnected · catching up on ' + missed +
                (missed === 1 ? ' message' : ' messages'));
          }
          if (msg.truncated) log.notice('Some older messages are no longer available');
          break;
        }
        case 'chat': {
          if (msg.room && msg.room !== room) break;
          const seq = Number(msg.seq);
          if (lastSeq !== null && seq <= lastSeq) break;    // already shown: no duplicates
          lastSeq = seq;
          addChat(msg);
          break;
        }
        case 'presence': {
          if (msg.room && msg.room !== room) break;
          setMembers(msg.members);
          break;
        }
        case 'error':
          log.error(errorText(msg));
          break;
        default:
          break;
      }
    }

    const channel = new Channel('Chat', $('chat-status'), {
      url: () => {
        askedSince = lastSeq;
        return wsBase + 'broadcast/' + encodeURIComponent(room) +
            (lastSeq !== null ? '?since=' + lastSeq + (epoch !== null ? '&epoch=' + encodeURIComponent(epoch) : '') : '');
      },
      onOpen: () => {},
      onMessage,
      onClose: (wasOpen, event) => {
        if (wasOpen) log.notice(closedText(event));
        setMembers(null);
      },
      onState: (state) => { send.disabled = state !== 'connected'; }
    });

    function join(name) {
      room = name;
      lastSeq = null;
      askedSince = null;
      epoch = null;
      log.clear();
      setMembers(null);
      showRoom();
      const url = new URL(location.href);
      url.searchParams.set('room', room);
      history.replaceState(null, '', url);
      channel.reconnect();
    }

    roomForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = roomInput.value.trim();
      if (!ROOM_PATTERN.test(name)) {
        roomInput.setCustomValidity('Use 1 to 64 letters, digits, _ or -');
        roomInput.reportValidity();
        return;
      }
      roomInput.setCustomValidity('');
      if (name !== room || !channel.open) join(name);
    });
    roomInput.addEventListener('input', () => roomInput.setCustomValidity(''));

    usernameInput.addEventListener('change', () => store('switchboard.username', usernameInput.value.trim()));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const username = usernameInput.value.trim();
      const text = input.value;
      if (!username) { usernameInput.focus(); return; }
      if (!text) return;
      if (!channel.send({ username, text })) return;
      store('switchboard.username', username);
      input.value = '';
      input.focus();
    });

    showRoom();
    setMembers(null);
    channel.connect();
    return channel;
  }

  /** Shows the token field when the server requires authentication; a new token reconnects every panel. */
  function setUpToken(channels) {
    const form = $('token-form');
    const input = $('token-input');
    fetch('status', { cache: 'no-store' })
      .then((response) => response.json())
      .then((status) => { form.hidden = !status.authRequired; })
      .catch(() => { /* status unavailable: leave the field hidden */ });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      accessToken = input.value.trim();
      try { sessionStorage.setItem(TOKEN_KEY, accessToken); } catch (e) { /* storage off */ }
      channels.forEach((c) => c.reconnect());
    });
  }

  function start() {
    const channels = [startEcho(), startRelay(), startChat()];
    window.addEventListener('online', () => channels.forEach((c) => c.retryNow()));
    setUpToken(channels);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
