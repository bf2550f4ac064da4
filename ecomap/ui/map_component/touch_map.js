// ecomap's interactive map: vis-network drawn in the app's own page (Streamlit Custom
// Components v2), so the coordinator can drag, tap and connect people on the map itself.
// Every word shown here goes in as text (canvas text or textContent), never as HTML.

const instances = new WeakMap();
let library = null;

function loadLibrary(url) {
  if (window.vis && window.vis.Network) { return Promise.resolve(); }
  if (library === null) {
    library = new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = url;
      tag.onload = resolve;
      tag.onerror = () => { library = null; reject(new Error("could not load " + url)); };
      document.head.appendChild(tag);
    });
  }
  return library;
}

/*PAINT*/

function say(inst, text) {
  inst.status.textContent = text;
  inst.status.hidden = !text;
}

function nameOf(inst, id) {
  const node = inst.data.nodes.find((n) => n.id === id);
  return node ? node.label.split("\n")[0] : id;
}

function send(inst, gesture) {
  gesture.at = Date.now();  // two equal gestures in a row are still two events
  inst.sendTrigger("gesture", gesture);
}

function onClick(inst, params) {
  if (inst.data.mode === "still") { return; }
  const id = inst.network.getNodeAt(params.pointer.DOM);
  const connecting = inst.data.mode === "connect";
  if (id === undefined || id === "ego") {
    inst.pending = null;
    say(inst, connecting ? "Tap a person, then the person they know." : "");
    return;
  }
  if (!connecting) {
    send(inst, {kind: "select", id: id});
    return;
  }
  if (inst.pending === null || inst.pending === id) {
    inst.pending = id;
    say(inst, "Now tap someone " + nameOf(inst, id) + " knows.");
    return;
  }
  send(inst, {kind: "connect", a: inst.pending, b: id});
  inst.pending = null;
  say(inst, "");
}

function onDragEnd(inst, params) {
  if (!params.nodes.length || inst.data.mode !== "move") { return; }
  const id = params.nodes[0];
  if (id === "ego") { return; }
  const p = inst.network.getPositions([id])[id];
  // vis-network's y axis points down; the layout's points up.
  send(inst, {kind: "drop", id: id, x: p.x, y: -p.y});
}

function refit(inst) {
  if (inst.fit) { inst.fit(inst.whole ? 0 : undefined); }
}

function draw(inst) {
  const D = inst.data;
  if (inst.network) { inst.network.destroy(); }
  const connecting = D.mode === "connect";
  const options = JSON.parse(JSON.stringify(D.options));
  options.interaction.dragNodes = D.mode === "move";
  inst.network = new window.vis.Network(inst.box, {nodes: D.nodes, edges: D.edges}, options);
  // For the browser tests, which find nodes and rings on screen.
  inst.box.ecomapNetwork = inst.network;
  inst.network.ecomapCanvas = D.canvas;
  inst.fit = ecomapPaint(inst.network, D.canvas, inst.box, D.minScale);
  refit(inst);
  inst.network.on("click", (params) => onClick(inst, params));
  inst.network.on("dragEnd", (params) => onDragEnd(inst, params));
  inst.pending = null;
  inst.box.setAttribute("aria-label", D.label);
  say(inst, connecting ? "Tap a person, then the person they know." : "");
  inst.drawn = D.version;
  inst.box.dataset.drawn = String(D.version);
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let inst = instances.get(parentElement);
  if (!inst) {
    inst = {
      box: parentElement.querySelector(".ecomap-touch-map"),
      status: parentElement.querySelector(".ecomap-touch-status"),
      button: parentElement.querySelector(".ecomap-touch-fit"),
      network: null, drawn: null, pending: null, fit: null, whole: false,
    };
    instances.set(parentElement, inst);
    new ResizeObserver(() => refit(inst)).observe(inst.box);
    // The map opens at a size where every label is readable; a large map then runs past its
    // box (drag the background to pan, pinch or wheel to zoom). This shows all of it at once.
    inst.button.addEventListener("click", () => {
      inst.whole = !inst.whole;
      inst.button.textContent = inst.whole ? "Readable size" : "Whole map";
      refit(inst);
    });
  }
  inst.sendTrigger = setTriggerValue;
  inst.data = data;
  inst.box.style.height = data.height + "px";
  if (inst.drawn === data.version) { return; }
  loadLibrary(data.library).then(
    () => { if (inst.data === data) { draw(inst); } },
    (error) => say(inst, "The map could not be drawn: " + error.message),
  );
}
