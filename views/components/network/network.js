// secret-graph's vis-network component (Streamlit components v2). Appended, at run time, to the
// vis-network.min.js that pyvis bundles, which defines globalThis.vis. Runs in the page itself
// (no iframe): data arrives as JSON, labels are drawn on the canvas with fillText, tooltips are
// plain strings (vis-network sets them with innerText) and the legend is built with textContent.
// Nothing here ever assigns innerHTML.

const drawings = new WeakMap(); // parentElement -> drawing state (kept across reruns)

function fitDrawing(network) {
  network.fit({ animation: false });
  network.moveTo({ scale: Math.min(network.getScale() * 0.92, 1.1), animation: false });
}

function legend(box, entries) {
  box.replaceChildren();
  for (const entry of entries || []) {
    const key = document.createElement("span");
    key.className = "sg-key";
    const swatch = document.createElement("i");
    swatch.style.background = String(entry.colour);
    key.append(swatch, document.createTextNode(String(entry.name)));
    box.append(key);
  }
}

function create(parentElement, setStateValue) {
  const root = document.createElement("div");
  root.className = "sg-graph";
  const box = document.createElement("div");
  box.className = "sg-legend";
  box.setAttribute("aria-label", "Légende");
  const el = document.createElement("div");
  el.className = "sg-net";
  root.append(box, el);
  parentElement.append(root);
  const V = globalThis.vis;
  const nodes = new V.DataSet([]);
  const edges = new V.DataSet([]);
  const network = new V.Network(el, { nodes, edges }, {});
  const state = { root, box, el, nodes, edges, network, token: null, layout: null };
  network.on("click", (params) => {
    if (!params.nodes.length) return;
    // The drawing's token tells Python which data the id belongs to; the time makes a click
    // on the node already open count again.
    setStateValue("selected", {
      id: String(params.nodes[0]),
      graph: state.token,
      at: Date.now(),
    });
  });
  network.on("hoverNode", () => { el.style.cursor = "pointer"; });
  network.on("blurNode", () => { el.style.cursor = "default"; });
  network.on("stabilizationIterationsDone", () => {
    // Still once stabilised: the drawing must not drift on a projector.
    network.setOptions({ physics: false });
    fitDrawing(network);
    el.dataset.ready = state.token;
  });
  let timer = null;
  state.resize = new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => fitDrawing(network), 150);
  });
  state.resize.observe(el);
  el.sgNetwork = network; // for the browser tests (getPositions, canvasToDOM)
  el.sgNodes = nodes;
  return state;
}

function withIds(edges) {
  // vis gives id-less edges random ids; positional ones let step mode update them in place.
  return (edges || []).map((edge, index) => ({ id: `e${index}`, ...edge, label: edge.label ?? null }));
}

function draw(state, data) {
  const { el, network } = state;
  el.style.height = `${Number(data.height) || 480}px`;
  legend(state.box, data.legend);
  if (state.token === data.token) return;
  el.dataset.token = data.token; // received (the browser tests time arrival and layout)
  const sameLayout = state.layout === data.layout;
  state.token = data.token;
  state.layout = data.layout;
  if (sameLayout) {
    // Same nodes and edges (step mode): recolour in place, positions kept.
    state.nodes.update(data.nodes);
    state.edges.update(withIds(data.edges));
    el.dataset.ready = state.token;
    return;
  }
  delete el.dataset.ready;
  // A new layout goes the constructor's way (setData: seeded positions, then stabilisation),
  // so the same nodes and edges always get the same drawing.
  network.setOptions(data.options);
  state.nodes = new globalThis.vis.DataSet(data.nodes);
  state.edges = new globalThis.vis.DataSet(withIds(data.edges));
  el.sgNodes = state.nodes;
  network.setData({ nodes: state.nodes, edges: state.edges });
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let state = drawings.get(parentElement);
  if (!state) {
    state = create(parentElement, setStateValue);
    drawings.set(parentElement, state);
  }
  draw(state, data || {});
  return () => {
    state.resize.disconnect();
    state.network.destroy();
    state.root.remove();
    drawings.delete(parentElement);
  };
}
