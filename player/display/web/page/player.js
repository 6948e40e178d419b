// The kiosk page of codong-player's web display. It listens to the
// player's event stream, fetches each new picture, decodes it off screen
// and only then draws it, so the board never flickers or goes blank
// between frames. One board pixel is one device pixel: a LED sending card
// copies device pixels from a fixed rectangle of the screen.
'use strict';

(() => {
  const canvas = document.getElementById('board');
  const ctx = canvas.getContext('2d', { alpha: false });
  const root = document.documentElement;
  const reconnectDelay = 2000; // ms, after the stream closed for good

  let latest = null; // the newest frame event
  let picture = null; // the decoded picture named pictureId
  let pictureId = '';
  let animation = 0;
  let shownBox = '';

  const boxOf = (f) => [f.x, f.y, f.boxWidth, f.boxHeight].join(' ');

  // fit gives the canvas one pixel per device pixel, whatever the
  // desktop's scaling: a LED sending card copies device pixels.
  function fit(width, height) {
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    ctx.imageSmoothingEnabled = false; // reset by every resize
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (latest && (latest.off || latest.id === pictureId)) {
      apply(latest);
    }
  }

  // paint draws the board with the picture's left edge at column x of
  // the board, dimmed; nothing is drawn outside the board.
  function paint(f, x) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(f.x, f.y, f.boxWidth, f.boxHeight);
    ctx.clip();
    ctx.fillStyle = '#000';
    ctx.fillRect(f.x, f.y, f.boxWidth, f.boxHeight);
    if (!f.off && picture) {
      ctx.drawImage(picture, f.x + x, f.y);
      if (f.brightness < 1) {
        ctx.fillStyle = 'rgba(0, 0, 0, ' + (1 - f.brightness) + ')';
        ctx.fillRect(f.x, f.y, f.boxWidth, f.boxHeight);
      }
    }
    ctx.restore();
  }

  // scroll moves a strip from just off the right edge until it has left
  // at the left edge, then again, in whole pixels so nothing blurs.
  function scroll(f) {
    const start = performance.now();
    const period = f.imageWidth + f.boxWidth;
    let last = NaN;
    const step = (now) => {
      const moved = Math.floor(Math.max(0, now - start) * f.speed / 1000) % period;
      if (moved !== last) {
        paint(f, f.boxWidth - moved);
        last = moved;
      }
      animation = requestAnimationFrame(step);
    };
    step(start);
  }

  function apply(f) {
    cancelAnimationFrame(animation);
    if (shownBox !== boxOf(f)) {
      ctx.fillStyle = '#000'; // the board moved or changed size
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      shownBox = boxOf(f);
    }
    if (f.scroll && !f.off) {
      scroll(f);
    } else {
      paint(f, 0);
    }
    root.dataset.shown = String(f.seq); // tests wait for this
  }

  function onFrame(f) {
    latest = f;
    if (f.off || f.id === pictureId) {
      apply(f);
      return;
    }
    const img = new Image();
    img.src = '/frame/' + f.id + '.png';
    img.decode().then(() => {
      if (latest !== f) {
        return; // a newer frame came while this one loaded
      }
      picture = img;
      pictureId = f.id;
      apply(f);
    }, () => {
      // Replaced or gone already; the next event brings the next picture.
    });
  }

  function connect() {
    const events = new EventSource('/events');
    events.addEventListener('frame', (e) => onFrame(JSON.parse(e.data)));
    events.onopen = () => {
      root.dataset.link = 'open';
    };
    events.onerror = () => {
      root.dataset.link = 'lost';
      // The browser retries by itself unless it gave up on the stream.
      if (events.readyState === EventSource.CLOSED) {
        setTimeout(connect, reconnectDelay);
      }
    };
  }

  function fitToWindow() {
    const dpr = window.devicePixelRatio || 1;
    fit(Math.round(canvas.clientWidth * dpr), Math.round(canvas.clientHeight * dpr));
  }

  // A zoom or a move to another screen changes the device pixels. Where
  // the browser cannot tell device pixels, rounding is the best guess.
  try {
    new ResizeObserver((entries) => {
      const size = entries[entries.length - 1].devicePixelContentBoxSize;
      if (size) {
        fit(size[0].inlineSize, size[0].blockSize);
      } else {
        fitToWindow();
      }
    }).observe(canvas, { box: 'device-pixel-content-box' });
  } catch (e) {
    window.addEventListener('resize', fitToWindow);
    fitToWindow();
  }

  connect();
})();
