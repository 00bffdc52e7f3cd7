"use client";

import { hierarchy, tree as tidyTree, type HierarchyPointNode } from "d3-hierarchy";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type PointerEvent,
} from "react";
import type { TreeNodeDto } from "@/lib/dal/tree-read";
import { formatShare, formatValue } from "@/components/format/numbers";
import { StatusIconPaths } from "@/components/status/status-icon";
import { STATUS_CLASS, STATUS_LABELS } from "@/components/status/status-meta";
import { buildVisibleTree, keyOf, listAllExpandable, listDefaultExpanded, type VisibleNode } from "./tree-model";
import { decodeTree, type TreeData } from "./tree-wire";

// The driver tree drawn as a tidy tree (d3-hierarchy) in SVG, left to right: objectives,
// key results, KPIs, their drivers. It follows the WAI-ARIA tree pattern: the tree is one
// tab stop; arrow keys move and open or close branches; Home and End jump; Enter (or Space)
// opens the node in the side panel. Zoom with the buttons or the wheel, pan by dragging.

const NODE_WIDTH = 256;
const NODE_HEIGHT = 66;
const LEVEL_GAP = 72;
const ROW_GAP = 14;
const MIN_SCALE = 0.15;
const MAX_SCALE = 2.5;
const EXPAND_ALL_LIMIT = 3000;

const KIND_LABEL = { o: "Objective", r: "Key result", k: "KPI" } as const;
const KIND_SEGMENT = { o: "objective", r: "key-result", k: "kpi" } as const;
const IPO_LABEL = { i: "input", p: "process", o: "outcome" } as const;

type Transform = { k: number; x: number; y: number };
type Laid = HierarchyPointNode<VisibleNode | null>;

export function nodeHref(node: TreeNodeDto): string {
  return `/tree/${KIND_SEGMENT[node.t]}/${encodeURIComponent(node.c)}`;
}

function describeFigures(node: TreeNodeDto): string {
  if (node.t === "k") {
    if (node.v === null || node.v === undefined) return "no value yet";
    const value = formatValue(node.v, node.u);
    return node.g === null || node.g === undefined ? value : `${value} of ${formatValue(node.g, node.u)}`;
  }
  const parts = [`health ${formatShare(node.h)}`];
  if (node.p !== null && node.p !== undefined) parts.push(`progress ${formatShare(node.p)}`);
  return parts.join(", ");
}

function listBadges(node: TreeNodeDto): { key: string; label: string }[] {
  const badges: { key: string; label: string }[] = [];
  if (node.st) badges.push({ key: "stale", label: "Stale" });
  if (node.dv) badges.push({ key: "divergent", label: "Divergent" });
  if (node.sh) badges.push({ key: "shared", label: "Shared" });
  return badges;
}

function describeNode(node: TreeNodeDto): string {
  const kind = node.t === "k" && node.l ? `${IPO_LABEL[node.l]} KPI` : KIND_LABEL[node.t];
  const flags = [
    node.st ? "stale data" : null,
    node.dv ? "divergent from its drivers" : null,
    node.sh ? "shared: it appears under more than one parent" : null,
    node.ro ? "view only" : null,
  ].filter(Boolean);
  return `${node.n} (${kind} ${node.c}): ${STATUS_LABELS[node.s]}, ${describeFigures(node)}${flags.length ? `; ${flags.join("; ")}` : ""}`;
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function selectedKey(pathname: string): string | null {
  const match = /^\/tree\/(objective|key-result|kpi)\/([^/]+)$/.exec(pathname);
  if (!match) return null;
  const kind = match[1] === "objective" ? "o" : match[1] === "key-result" ? "r" : "k";
  // A hand-typed address may hold a stray "%": it selects nothing rather than throwing.
  try {
    return `${kind}:${decodeURIComponent(match[2]!)}`;
  } catch {
    return null;
  }
}

const subscribeToNothing = () => () => {};

/**
 * Drawn in the browser only: the server sends the tree's JSON, not thousands of SVG nodes, so
 * the page's server response stays small and fast on large plans.
 */
export function TreeExplorer({ nodesJson, label }: { nodesJson: string; label: string }) {
  const isInBrowser = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  if (!isInBrowser) {
    return (
      <p className="loading-state" role="status">
        Drawing the tree…
      </p>
    );
  }
  return <TreeFromJson nodesJson={nodesJson} label={label} />;
}

function TreeFromJson({ nodesJson, label }: { nodesJson: string; label: string }) {
  // Parsed once per version of the tree, in the browser only.
  const data = useMemo(() => decodeTree(nodesJson), [nodesJson]);
  return <TreeCanvas data={data} label={label} />;
}

function TreeCanvas({ data, label }: { data: TreeData; label: string }) {
  const router = useRouter();
  // `?? ""`: the type allows null since pages/ exists; it is never null in the App Router.
  const pathname = usePathname() ?? "";
  const selected = selectedKey(pathname);
  const [expanded, setExpanded] = useState<Set<string>>(() => listDefaultExpanded(data.nodes, data.roots));
  // A save redraws the tree from new data: a branch that has just gained its first children (a new child
  // objective, a moved one) opens as it would have on a fresh visit, so what was added is seen; branches the
  // user opened or closed keep their state. (Adjusted while rendering, React's pattern for state from props.)
  const [expandedFor, setExpandedFor] = useState(data);
  if (expandedFor !== data) {
    const before = listDefaultExpanded(expandedFor.nodes, expandedFor.roots);
    const added = [...listDefaultExpanded(data.nodes, data.roots)].filter((path) => !before.has(path));
    setExpandedFor(data);
    if (added.length > 0) setExpanded((current) => new Set([...current, ...added]));
  }
  const [focusedPath, setFocusedPath] = useState<string | null>(null);
  const [transform, setTransform] = useState<Transform>({ k: 1, x: 24, y: 24 });
  const [isPanning, setIsPanning] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const canvasRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const itemRefs = useRef(new Map<string, SVGGElement>());
  const shouldFocusRef = useRef(false);
  const panRef = useRef<{ pointerId: number; x: number; y: number; moved: boolean } | null>(null);
  const hasPlacedRef = useRef(false);

  const visible = useMemo(() => buildVisibleTree(data.nodes, data.roots, expanded), [data, expanded]);
  const byPath = useMemo(() => new Map(visible.order.map((node) => [node.path, node])), [visible]);

  // Tidy layout of what is visible, under an invisible root that holds the top objectives.
  const laid = useMemo(() => {
    const root = hierarchy<VisibleNode | null>(null, (datum) => (datum === null ? visible.roots : datum.children));
    const layout = tidyTree<VisibleNode | null>()
      .nodeSize([NODE_HEIGHT + ROW_GAP, NODE_WIDTH + LEVEL_GAP])
      .separation((a, b) => (a.parent === b.parent ? 1 : 1.2));
    const positioned = layout(root);
    const nodes: Laid[] = [];
    positioned.each((node) => {
      if (node.data !== null) nodes.push(node);
    });
    let minX = Infinity;
    let maxX = -Infinity;
    let maxY = 0;
    for (const node of nodes) {
      minX = Math.min(minX, node.x);
      maxX = Math.max(maxX, node.x);
      maxY = Math.max(maxY, node.y);
    }
    const offsetY = NODE_WIDTH + LEVEL_GAP; // the invisible root's column
    const position = new Map<string, { left: number; top: number }>();
    for (const node of nodes) {
      position.set(node.data!.path, { left: node.y - offsetY, top: node.x - minX });
    }
    const width = Math.max(0, maxY - offsetY) + NODE_WIDTH + 40;
    const height = nodes.length > 0 ? maxX - minX + NODE_HEIGHT : 0;
    return { nodes, position, width, height };
  }, [visible]);

  const activePath = focusedPath !== null && byPath.has(focusedPath) ? focusedPath : (visible.order[0]?.path ?? null);

  const fitToScreen = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas || laid.width === 0) return;
    const padding = 24;
    const k = Math.min(
      MAX_SCALE,
      Math.max(
        MIN_SCALE,
        Math.min((canvas.clientWidth - 2 * padding) / laid.width, (canvas.clientHeight - 2 * padding) / laid.height),
      ),
    );
    setTransform({
      k,
      x: (canvas.clientWidth - laid.width * k) / 2,
      y: Math.max(padding, (canvas.clientHeight - laid.height * k) / 2),
    });
  }, [laid]);

  const zoomBy = useCallback((factor: number, center?: { x: number; y: number }) => {
    const canvas = canvasRef.current;
    const cx = center?.x ?? (canvas ? canvas.clientWidth / 2 : 0);
    const cy = center?.y ?? (canvas ? canvas.clientHeight / 2 : 0);
    setTransform((current) => {
      const k = Math.min(MAX_SCALE, Math.max(MIN_SCALE, current.k * factor));
      const ratio = k / current.k;
      return { k, x: cx - (cx - current.x) * ratio, y: cy - (cy - current.y) * ratio };
    });
  }, []);

  // The first view: the top of the tree at full size, or the whole tree when it fits.
  useLayoutEffect(() => {
    if (hasPlacedRef.current || !canvasRef.current) return;
    hasPlacedRef.current = true;
    const canvas = canvasRef.current;
    if (laid.width <= canvas.clientWidth && laid.height <= canvas.clientHeight) fitToScreen();
    else setTransform({ k: 0.8, x: 16, y: 16 });
  }, [laid, fitToScreen]);

  // The wheel zooms around the pointer; React's wheel listener is passive, so attach one that may cancel scrolling.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = svg.getBoundingClientRect();
      zoomBy(Math.exp(-event.deltaY * 0.0015), { x: event.clientX - box.left, y: event.clientY - box.top });
    };
    svg.addEventListener("wheel", onWheel, { passive: false });
    return () => svg.removeEventListener("wheel", onWheel);
  }, [zoomBy]);

  const bringIntoView = useCallback(
    (path: string) => {
      const canvas = canvasRef.current;
      const place = laid.position.get(path);
      if (!canvas || !place) return;
      setTransform((current) => {
        const left = place.left * current.k + current.x;
        const top = place.top * current.k + current.y;
        const right = left + NODE_WIDTH * current.k;
        const bottom = top + NODE_HEIGHT * current.k;
        const margin = 16;
        let { x, y } = current;
        if (left < margin) x += margin - left;
        else if (right > canvas.clientWidth - margin) x -= right - (canvas.clientWidth - margin);
        if (top < margin) y += margin - top;
        else if (bottom > canvas.clientHeight - margin) y -= bottom - (canvas.clientHeight - margin);
        return x === current.x && y === current.y ? current : { ...current, x, y };
      });
    },
    [laid],
  );

  // Keyboard moves focus: focus the item and bring it into view.
  useEffect(() => {
    if (!shouldFocusRef.current || activePath === null) return;
    shouldFocusRef.current = false;
    itemRefs.current.get(activePath)?.focus({ preventScroll: true });
    bringIntoView(activePath);
  }, [activePath, bringIntoView]);

  // A node opened by its address (a link, the back button) is brought into view once.
  const shownSelectionRef = useRef<string | null>(null);
  useEffect(() => {
    if (selected === null || shownSelectionRef.current === selected) return;
    const instance = visible.order.find((item) => keyOf(item.node) === selected);
    if (!instance) return;
    shownSelectionRef.current = selected;
    bringIntoView(instance.path);
  }, [selected, visible, bringIntoView]);

  const moveFocus = (path: string | null | undefined) => {
    if (!path) return;
    shouldFocusRef.current = true;
    setFocusedPath(path);
  };

  const setBranch = (item: VisibleNode, isOpen: boolean) => {
    if (!item.hasChildren || item.isExpanded === isOpen) return;
    setExpanded((current) => {
      const next = new Set(current);
      if (isOpen) next.add(item.path);
      else next.delete(item.path);
      return next;
    });
    setAnnouncement(`${item.node.n} ${isOpen ? `expanded, ${item.node.ch?.length ?? 0} items` : "collapsed"}`);
  };

  const openNode = (item: VisibleNode) => {
    router.push(nodeHref(item.node), { scroll: false });
  };

  const handleKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    if (activePath === null) return;
    const current = byPath.get(activePath);
    if (!current) return;
    const index = visible.order.indexOf(current);
    let isHandled = true;
    switch (event.key) {
      case "ArrowDown":
        moveFocus(visible.order[index + 1]?.path);
        break;
      case "ArrowUp":
        moveFocus(visible.order[index - 1]?.path);
        break;
      case "ArrowRight":
        if (current.hasChildren && !current.isExpanded) setBranch(current, true);
        else if (current.isExpanded) moveFocus(current.children?.[0]?.path);
        break;
      case "ArrowLeft":
        if (current.isExpanded) setBranch(current, false);
        else moveFocus(current.parentPath);
        break;
      case "Home":
        moveFocus(visible.order[0]?.path);
        break;
      case "End":
        moveFocus(visible.order[visible.order.length - 1]?.path);
        break;
      case "Enter":
      case " ":
        openNode(current);
        break;
      case "*": {
        // Expand every sibling of the focused node (WAI-ARIA tree pattern).
        const siblings = visible.order.filter((item) => item.parentPath === current.parentPath && item.hasChildren);
        setExpanded((previous) => new Set([...previous, ...siblings.map((item) => item.path)]));
        break;
      }
      default:
        isHandled = false;
    }
    if (isHandled) event.preventDefault();
  };

  const handlePointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    panRef.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
  };
  const handlePointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const pan = panRef.current;
    if (!pan || pan.pointerId !== event.pointerId) return;
    const dx = event.clientX - pan.x;
    const dy = event.clientY - pan.y;
    if (!pan.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!pan.moved) {
      pan.moved = true;
      setIsPanning(true);
      event.currentTarget.setPointerCapture(event.pointerId);
    }
    pan.x = event.clientX;
    pan.y = event.clientY;
    setTransform((current) => ({ ...current, x: current.x + dx, y: current.y + dy }));
  };
  const endPan = (event: PointerEvent<SVGSVGElement>) => {
    const pan = panRef.current;
    if (!pan || pan.pointerId !== event.pointerId) return;
    if (pan.moved) {
      // A drag is not a click on the node it ended over.
      const swallow = (click: MouseEvent) => {
        click.stopPropagation();
        click.preventDefault();
      };
      window.addEventListener("click", swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener("click", swallow, { capture: true }), 0);
    }
    panRef.current = null;
    setIsPanning(false);
  };

  const expandAll = () => {
    const all = listAllExpandable(data.nodes, data.roots, EXPAND_ALL_LIMIT);
    setExpanded(all);
    setAnnouncement("Every branch expanded.");
  };
  const collapseToDefault = () => {
    setExpanded(listDefaultExpanded(data.nodes, data.roots));
    setAnnouncement("Collapsed to three levels.");
  };

  const helpId = "tree-keyboard-help";
  return (
    <div>
      <div className="tree-toolbar" role="toolbar" aria-label="Tree view" aria-controls="driver-tree">
        <button type="button" className="usa-button usa-button--outline" onClick={() => zoomBy(1.25)}>
          Zoom in
        </button>
        <button type="button" className="usa-button usa-button--outline" onClick={() => zoomBy(0.8)}>
          Zoom out
        </button>
        <button type="button" className="usa-button usa-button--outline" onClick={fitToScreen}>
          Fit to screen
        </button>
        <button type="button" className="usa-button usa-button--outline" onClick={expandAll}>
          Expand all
        </button>
        <button type="button" className="usa-button usa-button--outline" onClick={collapseToDefault}>
          Collapse to 3 levels
        </button>
        <span className="tree-help" aria-hidden="true">
          {Math.round(transform.k * 100)}%
        </span>
      </div>
      <p id={helpId} className="tree-help">
        Use the arrow keys to move through the tree: Right opens a branch, Left closes it, Home and End jump to the
        first and last node, Enter opens the node in the panel. Drag to pan; use the wheel or the buttons to zoom.
      </p>
      <div className="tree-canvas" ref={canvasRef}>
        <svg
          ref={svgRef}
          id="driver-tree"
          role="tree"
          aria-label={label}
          aria-describedby={helpId}
          className={isPanning ? "is-panning" : undefined}
          onKeyDown={handleKeyDown}
          onPointerDown={handlePointerDown}
          onPointerMove={handlePointerMove}
          onPointerUp={endPan}
          onPointerCancel={endPan}
        >
          <g role="presentation" transform={`translate(${transform.x},${transform.y}) scale(${transform.k})`}>
            <g aria-hidden="true">
              {laid.nodes.map((node) => {
                const parent = node.parent;
                if (!parent || parent.data === null) return null;
                const from = laid.position.get(parent.data.path)!;
                const to = laid.position.get(node.data!.path)!;
                const x1 = from.left + NODE_WIDTH + (parent.data.hasChildren ? 22 : 0);
                const y1 = from.top + NODE_HEIGHT / 2;
                const x2 = to.left;
                const y2 = to.top + NODE_HEIGHT / 2;
                const middle = (x1 + x2) / 2;
                return (
                  <path
                    key={`link-${node.data!.path}`}
                    className="tree-link"
                    d={`M${x1},${y1}C${middle},${y1} ${middle},${y2} ${x2},${y2}`}
                  />
                );
              })}
            </g>
            {laid.nodes.map((laidNode) => {
              const item = laidNode.data!;
              const node = item.node;
              const place = laid.position.get(item.path)!;
              const isSelected = selected === keyOf(node);
              const isActive = item.path === activePath;
              const statusClass = STATUS_CLASS[node.s];
              const badges = listBadges(node);
              return (
                <g
                  key={item.path}
                  ref={(element) => {
                    if (element) itemRefs.current.set(item.path, element);
                    else itemRefs.current.delete(item.path);
                  }}
                  role="treeitem"
                  aria-level={item.level}
                  aria-posinset={item.posInSet}
                  aria-setsize={item.setSize}
                  aria-expanded={item.hasChildren ? item.isExpanded : undefined}
                  aria-selected={isSelected}
                  aria-label={describeNode(node)}
                  data-code={node.c}
                  data-kind={node.t}
                  tabIndex={isActive ? 0 : -1}
                  className={`tree-node${isSelected ? " is-selected" : ""}`}
                  transform={`translate(${place.left},${place.top})`}
                  onFocus={() => setFocusedPath(item.path)}
                  onClick={() => {
                    setFocusedPath(item.path);
                    openNode(item);
                  }}
                >
                  <rect
                    className="tree-node__focus"
                    x={-4}
                    y={-4}
                    width={NODE_WIDTH + 8}
                    height={NODE_HEIGHT + 8}
                    rx={8}
                  />
                  <rect className="tree-node__box" width={NODE_WIDTH} height={NODE_HEIGHT} rx={4} />
                  <rect className={`tree-node__stripe--${statusClass}`} width={7} height={NODE_HEIGHT} rx={2} />
                  <text className="tree-node__kind" x={16} y={16}>
                    {node.t === "k" && node.l ? `${IPO_LABEL[node.l]} KPI` : KIND_LABEL[node.t]}
                    {node.ro ? " · view only" : ""}
                  </text>
                  {badges.map((badge, position) => {
                    const width = badge.label.length * 6.4 + 10;
                    const right =
                      NODE_WIDTH -
                      6 -
                      badges.slice(position + 1).reduce((sum, b) => sum + b.label.length * 6.4 + 14, 0);
                    return (
                      <g
                        key={badge.key}
                        className={`tree-node__badge tree-node__badge--${badge.key}`}
                        transform={`translate(${right - width},5)`}
                      >
                        <rect width={width} height={15} rx={3} />
                        <text x={5} y={11}>
                          {badge.label}
                        </text>
                      </g>
                    );
                  })}
                  <text className="tree-node__name" x={16} y={35}>
                    {truncate(node.n, 33)}
                    <title>{node.n}</title>
                  </text>
                  <svg
                    x={15}
                    y={45}
                    width={14}
                    height={14}
                    viewBox="0 0 16 16"
                    className={`tree-node__status--${statusClass}`}
                  >
                    <StatusIconPaths status={node.s} />
                  </svg>
                  <text className="tree-node__detail" x={34} y={56}>
                    <tspan className={`tree-node__status--${statusClass}`} fontWeight={700}>
                      {STATUS_LABELS[node.s]}
                    </tspan>
                    <tspan> · {truncate(describeFigures(node), 30)}</tspan>
                  </text>
                  {item.hasChildren ? (
                    <g
                      className="tree-node__toggle"
                      aria-hidden="true"
                      transform={`translate(${NODE_WIDTH + 12},${NODE_HEIGHT / 2})`}
                      onClick={(event) => {
                        event.stopPropagation();
                        setFocusedPath(item.path);
                        setBranch(item, !item.isExpanded);
                      }}
                    >
                      <circle r={10} />
                      <text x={0} y={4.5} textAnchor="middle">
                        {item.isExpanded ? "−" : "+"}
                      </text>
                    </g>
                  ) : null}
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      <TreeLegend />
      <p className="tree-help">
        Showing {visible.order.length} of the plan&apos;s nodes. <Link href="/scorecard">Scorecard</Link> lists the top
        objectives in a table.
      </p>
    </div>
  );
}

function TreeLegend() {
  const statuses = ["ON_TRACK", "AT_RISK", "OFF_TRACK", "NO_DATA", "NO_TARGET"] as const;
  return (
    <ul className="chart-legend" aria-label="Legend">
      {statuses.map((status) => (
        <li key={status} className={`status status--${STATUS_CLASS[status]}`}>
          <svg className="status-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <StatusIconPaths status={status} />
          </svg>
          {STATUS_LABELS[status]}
        </li>
      ))}
      <li>
        <span className="usa-tag flag flag--stale">Stale</span> no value for the period now due
      </li>
      <li>
        <span className="usa-tag flag flag--divergent">Divergent</span> its health and its drivers&apos; differ by 0.3
        or more
      </li>
      <li>
        <span className="usa-tag flag flag--shared">Shared</span> drawn under more than one parent
      </li>
    </ul>
  );
}
