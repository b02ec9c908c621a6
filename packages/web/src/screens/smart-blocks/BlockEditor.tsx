import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  List,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PreviewPanel } from './PreviewPanel';
import { useDeleteSmartBlock, useSaveSmartBlock, type SmartBlock } from './queries';
import { RuleBuilder } from './RuleBuilder';
import { draftFromRules, rulesFromDraft, type RulesDraft } from './rules-draft';

/** One smart block: its name, every rule, and the preview beside them. */
export function BlockEditor(props: {
  stationId: string;
  block: SmartBlock;
  canEdit: boolean;
  onDeleted: () => void;
}) {
  const { block: b, canEdit } = props;
  const [name, setName] = useState(b.name);
  const [description, setDescription] = useState(b.description);
  const [draft, setDraft] = useState<RulesDraft>(() => draftFromRules(b.rules));
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [armed, setArmed] = useState(false);
  const save = useSaveSmartBlock(props.stationId);
  const remove = useDeleteSmartBlock(props.stationId);

  /** Saves pending edits; false when they cannot be saved (shown). */
  const saveNow = async (): Promise<boolean> => {
    if (!dirty) return true;
    const built = rulesFromDraft(draft);
    setProblems(built.ok ? [] : built.errors);
    if (!built.ok || name.trim() === '') return false;
    try {
      await save.mutateAsync({ id: b.id, name: name.trim(), description, rules: built.rules });
      setDirty(false);
      return true;
    } catch {
      return false;
    }
  };
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setDirty(true);
    };

  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="sb-rules">
          <Title order={2} size="h4" id="sb-rules" mb="xs">
            Rules
          </Title>
          <form
            aria-label="Smart block rules"
            onSubmit={(e) => {
              e.preventDefault();
              void saveNow();
            }}
          >
            <Stack gap="md">
              <TextInput
                label="Name"
                value={name}
                required
                maxLength={200}
                readOnly={!canEdit}
                onChange={(e) => edit(setName)(e.currentTarget.value)}
              />
              <Textarea
                label="Description"
                value={description}
                autosize
                minRows={1}
                maxLength={5000}
                readOnly={!canEdit}
                onChange={(e) => edit(setDescription)(e.currentTarget.value)}
              />
              <RuleBuilder draft={draft} readOnly={!canEdit} onChange={edit(setDraft)} />
              {problems.length > 0 && (
                <Alert color="red" variant="light" title="Fix these rules first" role="alert">
                  <List size="sm">
                    {problems.map((p) => (
                      <List.Item key={p}>{p}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              <ErrorNotice error={save.error} title="Saving failed" />
              {canEdit && (
                <Group justify="space-between">
                  <Group gap="xs">
                    <Button type="submit" loading={save.isPending} disabled={!dirty}>
                      Save rules
                    </Button>
                    {dirty && (
                      <Text size="sm" c="dimmed">
                        Unsaved changes
                      </Text>
                    )}
                  </Group>
                  {armed ? (
                    <Button
                      color="red"
                      size="compact-sm"
                      loading={remove.isPending}
                      onClick={() => remove.mutate(b.id, { onSuccess: props.onDeleted })}
                    >
                      Delete {b.name}
                    </Button>
                  ) : (
                    <Button
                      color="red"
                      variant="outline"
                      size="compact-sm"
                      onClick={() => setArmed(true)}
                    >
                      Delete smart block…
                    </Button>
                  )}
                </Group>
              )}
              <ErrorNotice error={remove.error} />
            </Stack>
          </form>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="sb-preview">
          <Title order={2} size="h4" id="sb-preview" mb="xs">
            Preview
          </Title>
          <PreviewPanel
            stationId={props.stationId}
            block={b}
            beforePreview={canEdit ? saveNow : () => Promise.resolve(true)}
            saving={save.isPending}
          />
        </Card>
      </Grid.Col>
    </Grid>
  );
}
