"""Writes Terraform test fixtures: the `.tf` source and the plan JSON that
`terraform show -json` gives for it, from one Python description, so that
the two always agree (every line a finding points at exists in the `.tf`).

Terraform cannot plan here (no provider downloads), so the plan is built as
Terraform 1.x builds it, for the subset the fixtures use:

- `planned_values` (root and `child_modules`), `resource_changes` with
  `after` (unknowns as null) and `after_unknown` (objects omit known
  values; lists keep `false` per element), and `configuration` with
  `provider_config` and each module's `resources`, `module_calls`,
  `variables` and `outputs`;
- expressions: constants as `constant_value`, anything else as
  `references` listing each traversal and its prefixes
  (`aws_kms_key.db.arn`, `aws_kms_key.db`);
- values: constants, `var.x` (module inputs, root defaults), `local.x`,
  `count.index`, `each.key`/`each.value`, `module.m.out`, and attributes of
  other resources (known when that resource's attribute is, otherwise
  unknown: `id` and `arn` of a resource being created are unknown, and so
  is anything listed in `computed=`).

Usage, in a fixture directory's `make.py`:

    from tfplan import Plan, Ref, Block
    p = Plan()
    p.provider("aws", region="eu-west-1")
    p.resource("aws_kms_key", "db", {"enable_key_rotation": True})
    p.resource("aws_db_instance", "main", {
        "engine": "postgres",
        "multi_az": False,
        "kms_key_id": Ref("aws_kms_key.db.arn"),
    })
    p.write(os.path.dirname(__file__))

`python3 make.py --check` compares instead of writing (the tests run it).
"""

import copy
import json
import os
import re
import sys

UNKNOWN = object()


class Ref:
    """An expression that is not a constant: `aws_kms_key.db.arn`,
    `var.region`, `aws_subnet.a[*].id`, `count.index`."""

    def __init__(self, expr):
        self.expr = expr


class Block(list):
    """Nested blocks: a list of attribute maps, written as repeated blocks."""


class Raw:
    """An expression written as given (a function call), with the value it
    evaluates to (UNKNOWN if unknown) and the references Terraform lists."""

    def __init__(self, text, value=UNKNOWN, refs=()):
        self.text = text
        self.value = value
        self.refs = list(refs)


def hcl(v, indent):
    pad = "  " * indent
    if isinstance(v, Ref):
        return v.expr
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(hcl(x, indent) for x in v) + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        inner = "".join(
            f"{pad}  {k if re.fullmatch(r'[A-Za-z_][A-Za-z0-9_-]*', k) else json.dumps(k)} = {hcl(x, indent + 1)}\n"
            for k, x in v.items()
        )
        return "{\n" + inner + pad + "}"
    raise TypeError(v)


def body_hcl(attrs, indent):
    """Attributes and blocks as `terraform fmt` writes them: `=` aligned
    within runs of one-line attributes (a block or a multi-line value ends
    a run)."""
    pad = "  " * indent
    items = []  # (key, rendered value or None for blocks, block list)
    for k, v in attrs.items():
        if isinstance(v, Block):
            items.append((k, None, v))
        else:
            items.append((k, hcl(v, indent), None))
    out = []
    i = 0
    while i < len(items):
        k, text, blocks = items[i]
        if blocks is not None:
            for b in blocks:
                out.append(f"\n{pad}{k} {{\n" + body_hcl(b, indent + 1) + f"{pad}}}\n")
            i += 1
            continue
        if "\n" in text:
            out.append(f"{pad}{k} = {text}\n")
            i += 1
            continue
        j = i
        while j < len(items) and items[j][2] is None and "\n" not in items[j][1]:
            j += 1
        width = max(len(items[n][0]) for n in range(i, j))
        for n in range(i, j):
            out.append(f"{pad}{items[n][0].ljust(width)} = {items[n][1]}\n")
        i = j
    return "".join(out)


def references(v):
    """The references Terraform lists for an expression."""
    out = []

    def add(expr):
        for r in traversals(expr):
            for p in prefixes(r):
                if p not in out:
                    out.append(p)

    def walk(x):
        if isinstance(x, Ref):
            add(x.expr)
        elif isinstance(x, Raw):
            for r in x.refs:
                add(r)
        elif isinstance(x, list):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            for y in x.values():
                walk(y)

    walk(v)
    return out


def traversals(expr):
    return re.findall(r"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_*][A-Za-z0-9_-]*|\[[^\]]*\])*", expr)


def prefixes(r):
    """`aws_subnet.a[0].id` -> itself, `aws_subnet.a[0]`, `aws_subnet.a`
    (what Terraform lists); `var.x`, `count.index` as they are."""
    parts = re.findall(r"\.?[A-Za-z_*][A-Za-z0-9_-]*|\[[^\]]*\]", r)
    head = parts[0]
    if head in ("var", "local", "count", "each", "path", "terraform", "self"):
        return [head + parts[1]] if len(parts) > 1 else [head]
    if head == "module":
        return [r, "".join(parts[:2])] if len(parts) > 2 else [r]
    if head == "data":
        n = 3
    else:
        n = 2
    out = []
    for i in range(len(parts), n - 1, -1):
        p = "".join(parts[:i])
        if "[*]" in p or ".*" in p:
            continue
        out.append(p)
    # Terraform drops an index that is not a constant.
    out = [p for p in out if not re.search(r"\[(count|each)\.", p)]
    base = "".join(parts[:n])
    if base not in out:
        out.append(base)
    return out


def is_const(v):
    if isinstance(v, (Ref, Raw)):
        return False
    if isinstance(v, (list, Block)):
        return all(is_const(x) for x in v)
    if isinstance(v, dict):
        return all(is_const(x) for x in v.values())
    return True


def expressions(attrs):
    out = {}
    for k, v in attrs.items():
        if isinstance(v, Block):
            out[k] = [expressions(b) for b in v]
        elif is_const(v):
            out[k] = {"constant_value": v}
        else:
            out[k] = {"references": references(v)}
    return out


def after_parts(v):
    """(after, after_unknown) for an evaluated value."""
    if v is UNKNOWN:
        return None, True
    if isinstance(v, list):
        pairs = [after_parts(x) for x in v]
        return [a for a, _ in pairs], [u for _, u in pairs]
    if isinstance(v, dict):
        after, unknown = {}, {}
        for k, x in v.items():
            a, u = after_parts(x)
            after[k] = a
            if u is not False and u != {}:
                unknown[k] = u
            elif isinstance(u, list):
                unknown[k] = u
        return after, unknown
    return v, False


def known_only(v):
    if isinstance(v, dict):
        return {k: known_only(x) for k, x in v.items() if x is not UNKNOWN}
    if isinstance(v, list):
        return [None if x is UNKNOWN else known_only(x) for x in v]
    return v


class Resource:
    def __init__(self, module, type, name, attrs, count, for_each, provider, action, computed, known, data):
        self.module, self.type, self.name, self.attrs = module, type, name, attrs
        self.count, self.for_each, self.provider, self.action = count, for_each, provider, action
        self.computed, self.known, self.data = list(computed), dict(known), data
        self.values = {}  # instance key -> evaluated values

    def keys(self):
        if self.count is not None:
            return list(range(self.count))
        if self.for_each is not None:
            return list(self.for_each)
        return [None]

    def address(self, key):
        base = ("data." if self.data else "") + f"{self.type}.{self.name}"
        if key is None:
            return base
        return base + (f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key)}]")


class Module:
    def __init__(self, plan, path, source=None, inputs=None, providers=None):
        self.plan, self.path = plan, path
        self.source, self.inputs, self.providers = source, inputs or {}, providers
        self.resources, self.modules, self.outputs = [], {}, {}
        self.variables, self.locals = {}, {}

    @property
    def address(self):
        return "".join(f"module.{m}." for m in self.path)[:-1] if self.path else ""

    def resource(self, type, name, attrs, count=None, for_each=None, provider=None,
                 action="create", computed=(), known=None):
        r = Resource(self, type, name, attrs, count, for_each, provider, action, computed, known or {}, False)
        self.resources.append(r)
        return r

    def data(self, type, name, attrs, values):
        r = Resource(self, type, name, attrs, None, None, None, "read", (), values, True)
        self.resources.append(r)
        return r

    def module(self, name, source, inputs=None, providers=None):
        m = Module(self.plan, self.path + [name], source, inputs, providers)
        self.modules[name] = m
        return m

    def variable(self, name, default=None):
        self.variables[name] = default

    def local(self, name, value):
        self.locals[name] = value

    def output(self, name, expr):
        self.outputs[name] = expr

    # Evaluation.
    def find(self, type, name, data=False):
        for r in self.resources:
            if r.type == type and r.name == name and r.data == data:
                return r
        raise KeyError(f"{type}.{name} in module {self.path}")

    def eval(self, v, ctx):
        if isinstance(v, Raw):
            return v.value
        if isinstance(v, Ref):
            return self.eval_ref(v.expr, ctx)
        if isinstance(v, list):
            return [self.eval(x, ctx) for x in v]
        if isinstance(v, dict):
            return {k: self.eval(x, ctx) for k, x in v.items()}
        return v

    def eval_ref(self, expr, ctx):
        parts = re.findall(r"[A-Za-z_*][A-Za-z0-9_-]*|\[[^\]]*\]", expr)
        head = parts[0]
        if head == "count":
            return ctx["key"]
        if head == "each":
            return ctx["key"] if parts[1] == "key" else ctx["each_value"]
        if head == "var":
            if self.path:
                parent = self.plan.module_at(self.path[:-1])
                if parts[1] in self.inputs:
                    return parent.eval(self.inputs[parts[1]], ctx.get("parent", {}))
            return self.variables.get(parts[1])
        if head == "local":
            return self.eval(self.locals[parts[1]], ctx)
        if head == "module":
            m = self.modules[parts[1]]
            return m.eval(m.outputs[parts[2]], {"parent": ctx})
        data = head == "data"
        if data:
            parts = parts[1:]
        r = self.find(parts[0], parts[1], data)
        rest = parts[2:]
        if rest and rest[0].startswith("["):
            idx = rest[0][1:-1]
            rest = rest[1:]
            if idx == "*":
                return [self.attr(r, k, rest) for k in r.keys()]
            if idx == "count.index":
                key = ctx["key"]
            elif idx == "each.key":
                key = ctx["key"]
            else:
                key = json.loads(idx)
            return self.attr(r, key, rest)
        return self.attr(r, r.keys()[0], rest)

    def attr(self, r, key, rest):
        vals = self.plan.instance_values(r, key)
        cur = vals
        for p in rest:
            if cur is UNKNOWN:
                return UNKNOWN
            if p.startswith("["):
                cur = cur[json.loads(p[1:-1])]
            else:
                cur = cur.get(p, None) if isinstance(cur, dict) else None
        return cur


class Plan(Module):
    def __init__(self, terraform_version="1.9.8", format_version="1.2"):
        super().__init__(self, [])
        self.terraform_version, self.format_version = terraform_version, format_version
        self.providers_cfg = {}
        self.cache = {}

    def provider(self, name="aws", alias=None, region=None, **attrs):
        key = f"{name}.{alias}" if alias else name
        cfg = {"name": name, "full_name": f"registry.terraform.io/hashicorp/{name}"}
        if alias:
            cfg["alias"] = alias
        ex = dict(attrs)
        if region is not None:
            ex = {"region": region, **ex}
        if ex:
            cfg["expressions"] = expressions(ex)
        self.providers_cfg[key] = (cfg, ex)

    def module_at(self, path):
        m = self
        for p in path:
            m = m.modules[p]
        return m

    def instance_values(self, r, key):
        ident = (id(r), json.dumps(key))
        if ident in self.cache:
            return self.cache[ident]
        ctx = {"key": key, "parent": {}}
        if r.for_each is not None:
            ctx["each_value"] = r.for_each[key]
        vals = {k: r.module.eval(v, ctx) for k, v in r.attrs.items() if not isinstance(v, Block)}
        for k, v in r.attrs.items():
            if isinstance(v, Block):
                vals[k] = [{bk: r.module.eval(bv, ctx) for bk, bv in b.items()} for b in v]
        existing = r.action in ("no-op", "update", "delete") or r.data
        for k in ("id", "arn"):
            if k not in vals:
                if k in r.known:
                    vals[k] = r.known[k]
                elif not existing:
                    vals[k] = UNKNOWN
                else:
                    vals[k] = f"{r.name}-{k}" if k == "id" else f"arn:aws:{r.type.split('_')[1]}:::{r.name}"
        for k, v in r.known.items():
            vals.setdefault(k, v)
        for k in r.computed:
            vals[k] = UNKNOWN
        self.cache[ident] = vals
        return vals

    def provider_name(self, r):
        return f"registry.terraform.io/hashicorp/{r.type.split('_')[0]}"

    def provider_key(self, r):
        if r.provider:
            key = r.provider
        else:
            key = r.type.split("_")[0]
        # Through `providers = {}` of the calls, up to the root.
        m = r.module
        while m.path:
            if m.providers and key in m.providers:
                key = m.providers[key]
            m = self.module_at(m.path[:-1])
        return key

    def walk(self, m=None):
        m = m or self
        yield m
        for c in m.modules.values():
            yield from self.walk(c)

    def build(self):
        changes, planned = [], {}
        for m in self.walk():
            pv = {"resources": []}
            if m.path:
                pv["address"] = m.address
            planned[tuple(m.path)] = pv
            for r in m.resources:
                for key in r.keys():
                    vals = self.instance_values(r, key)
                    addr = (m.address + "." if m.path else "") + r.address(key)
                    common = {"address": addr}
                    if m.path:
                        common["module_address"] = m.address
                    common.update({"mode": "data" if r.data else "managed", "type": r.type, "name": r.name})
                    if key is not None:
                        common["index"] = key
                    common["provider_name"] = self.provider_name(r)
                    after, unknown = after_parts(vals)
                    if r.data:
                        continue
                    if r.action != "delete":
                        pv["resources"].append({**common, "schema_version": 0,
                                                "values": known_only(vals), "sensitive_values": {}})
                    actions = {"create": ["create"], "no-op": ["no-op"], "update": ["update"],
                               "delete": ["delete"], "replace": ["delete", "create"]}[r.action]
                    before = None if r.action == "create" else known_only(vals)
                    change = {"actions": actions, "before": before,
                              "after": None if r.action == "delete" else after,
                              "after_unknown": {} if r.action == "delete" else unknown,
                              "before_sensitive": False if before is None else {},
                              "after_sensitive": False if r.action == "delete" else {}}
                    changes.append({**common, "change": change})
        # Nest child modules.
        def nest(m):
            pv = planned[tuple(m.path)]
            kids = [nest(c) for c in m.modules.values()]
            if kids:
                pv["child_modules"] = kids
            return pv

        def config(m):
            out = {}
            if m.outputs:
                out["outputs"] = {k: {"expression": expressions({"x": v})["x"]} for k, v in m.outputs.items()}
            res = []
            for r in m.resources:
                c = {"address": ("data." if r.data else "") + f"{r.type}.{r.name}",
                     "mode": "data" if r.data else "managed", "type": r.type, "name": r.name,
                     "provider_config_key": self.provider_key(r),
                     "expressions": expressions(r.attrs), "schema_version": 0}
                if r.count is not None:
                    c["count_expression"] = {"constant_value": r.count}
                if r.for_each is not None:
                    c["for_each_expression"] = {"constant_value": r.for_each}
                res.append(c)
            if res:
                out["resources"] = res
            if m.modules:
                out["module_calls"] = {
                    n: {"source": c.source, "expressions": expressions(c.inputs), "module": config(c)}
                    for n, c in m.modules.items()}
            if m.variables:
                out["variables"] = {k: ({"default": v} if v is not None else {}) for k, v in m.variables.items()}
            return out

        pc = {k: cfg for k, (cfg, _) in self.providers_cfg.items()}
        plan = {
            "format_version": self.format_version,
            "terraform_version": self.terraform_version,
        }
        if self.variables:
            plan["variables"] = {k: {"value": v} for k, v in self.variables.items()}
        plan.update({
            "planned_values": {"root_module": nest(self)},
            "resource_changes": changes,
            "configuration": {"provider_config": pc, "root_module": config(self)},
            "timestamp": "2026-11-22T09:00:00Z",
            "applyable": True,
            "complete": True,
            "errored": False,
        })
        return plan

    def tf_files(self):
        files = {}
        for m in self.walk():
            d = module_dir(m)
            text = []
            if not m.path:
                text.append('terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n')
                for key, (cfg, ex) in self.providers_cfg.items():
                    attrs = {"alias": cfg["alias"]} if "alias" in cfg else {}
                    attrs.update(ex)
                    text.append(f'provider "{cfg["name"]}" {{\n' + body_hcl(attrs, 1) + "}\n")
            for k, v in m.variables.items():
                if v is None:
                    text.append(f'variable "{k}" {{}}\n')
                else:
                    text.append(f'variable "{k}" {{\n  default = {hcl(v, 1)}\n}}\n')
            if m.locals:
                text.append("locals {\n" + body_hcl(m.locals, 1) + "}\n")
            for r in m.resources:
                meta = {}
                if r.count is not None:
                    meta["count"] = r.count
                if r.for_each is not None:
                    meta["for_each"] = r.for_each
                if r.provider:
                    meta["provider"] = Ref(r.provider)
                kind = "data" if r.data else "resource"
                inner = body_hcl(meta, 1) + ("\n" if meta else "") + body_hcl(r.attrs, 1)
                text.append(f'{kind} "{r.type}" "{r.name}" {{\n{inner}}}\n')
            for n, c in m.modules.items():
                attrs = {"source": c.source}
                if c.providers:
                    attrs["providers"] = {k: Ref(v) for k, v in c.providers.items()}
                attrs.update(c.inputs)
                text.append(f'module "{n}" {{\n' + body_hcl(attrs, 1) + "}\n")
            for k, v in m.outputs.items():
                text.append(f'output "{k}" {{\n  value = {hcl(v, 1)}\n}}\n')
            files[os.path.join(d, "main.tf")] = "\n".join(text).replace("\n\n\n", "\n\n")
        return files

    def write(self, directory):
        files = {os.path.join(directory, k): v for k, v in self.tf_files().items()}
        files[os.path.join(directory, "plan.json")] = json.dumps(self.build(), indent=2) + "\n"
        check = "--check" in sys.argv
        stale = []
        for path, text in files.items():
            if check:
                try:
                    with open(path) as f:
                        if f.read() != text:
                            stale.append(path)
                except FileNotFoundError:
                    stale.append(path)
            else:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(text)
        if stale:
            sys.exit("out of date (run make.py again): " + ", ".join(stale))


def module_dir(m):
    d = ""
    for p in m.path:
        src = m.plan.module_at(m.path[: m.path.index(p) + 1]).source
        d = os.path.normpath(os.path.join(d, src))
    return d if d != "." else ""
