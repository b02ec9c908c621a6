import { ActionIcon, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  FIELD_LABEL,
  FIELDS,
  isBoolField,
  newFilter,
  OP_LABEL,
  opsFor,
  withField,
  type FilterDraft,
  type Op,
} from './filter-draft';

const PLACEHOLDER: Partial<Record<Op, string>> = {
  in: 'comma-separated, e.g. rock, pop',
  newer_than: 'e.g. 30d, 12h, 2w',
  older_than: 'e.g. 30d, 12h, 2w',
};

/** One filter: field, condition and value(s); `name` prefixes each control's label. */
export function FilterEditor(props: {
  name: string;
  value: FilterDraft;
  readOnly: boolean;
  onChange: (f: FilterDraft) => void;
  onRemove?: () => void;
  extra?: ReactNode;
}) {
  const { name, value: f, readOnly } = props;
  const set = (patch: Partial<FilterDraft>) => props.onChange({ ...f, ...patch });
  const input = (which: 'a' | 'b', label: string) => (
    <TextInput
      size="xs"
      label={label}
      value={f[which]}
      placeholder={PLACEHOLDER[f.op] ?? (f.field.endsWith('_at') ? 'YYYY-MM-DD' : '')}
      readOnly={readOnly}
      onChange={(e) => set({ [which]: e.currentTarget.value })}
      style={{ flex: '1 1 120px', minWidth: 100 }}
    />
  );
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" data-testid="filter">
      <NativeSelect
        size="xs"
        label={`${name} field`}
        value={f.field}
        disabled={readOnly}
        data={FIELDS.map((v) => ({ value: v, label: FIELD_LABEL[v] }))}
        onChange={(e) =>
          props.onChange(withField(f, e.currentTarget.value as FilterDraft['field']))
        }
        style={{ flex: '1 1 130px' }}
      />
      <NativeSelect
        size="xs"
        label={`${name} condition`}
        value={f.op}
        disabled={readOnly}
        data={opsFor(f.field, f.op).map((v) => ({ value: v, label: OP_LABEL[v] }))}
        onChange={(e) => set({ op: e.currentTarget.value as Op })}
        style={{ flex: '1 1 130px' }}
      />
      {isBoolField(f.field) ? (
        <NativeSelect
          size="xs"
          label={`${name} value`}
          value={f.a === 'false' ? 'false' : 'true'}
          disabled={readOnly}
          data={[
            { value: 'true', label: 'yes' },
            { value: 'false', label: 'no' },
          ]}
          onChange={(e) => set({ a: e.currentTarget.value })}
          style={{ flex: '1 1 100px' }}
        />
      ) : f.op === 'between' ? (
        <>
          {input('a', `${name} from`)}
          {input('b', `${name} to`)}
        </>
      ) : (
        input('a', `${name} value`)
      )}
      {props.extra}
      {props.onRemove && !readOnly && (
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Remove ${name.toLowerCase()}`}
          onClick={props.onRemove}
          mb={4}
        >
          ×
        </ActionIcon>
      )}
    </Group>
  );
}

/** A list of plain filters (include, exclude, fillers) with an add button. */
export function FilterList(props: {
  name: string;
  items: FilterDraft[];
  readOnly: boolean;
  empty: string;
  onChange: (items: FilterDraft[]) => void;
}) {
  const { items } = props;
  return (
    <Stack gap="xs">
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          {props.empty}
        </Text>
      )}
      {items.map((f, i) => (
        <FilterEditor
          key={i}
          name={`${props.name} ${i + 1}`}
          value={f}
          readOnly={props.readOnly}
          onChange={(next) => props.onChange(items.map((x, j) => (j === i ? next : x)))}
          onRemove={() => props.onChange(items.filter((_, j) => j !== i))}
        />
      ))}
      {!props.readOnly && (
        <Group>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => props.onChange([...items, newFilter()])}
          >
            Add {props.name.toLowerCase()}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
