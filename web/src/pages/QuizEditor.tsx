import { Button, Card, Input, Radio, Space, Typography } from 'antd';
import { useContext } from 'react';
import { LangContext, useT } from '../i18n.ts';

export interface QuestionDraft {
  prompt: string;
  choices: string[];
  answer: number;
}

export const MIN_CHOICES = 2;
export const MAX_CHOICES = 6;

/** What is wrong with a question as written (the server checks the same), or null. */
export function questionProblem(q: QuestionDraft): string | null {
  if (!q.prompt.trim()) return '请填写题目';
  if (q.choices.some((c) => !c.trim())) return '选项不能为空';
  if (q.choices.length < MIN_CHOICES || q.choices.length > MAX_CHOICES) return '每题 2 至 6 个选项';
  return null;
}

/**
 * 测验题编辑: each question with 2–6 choices and exactly one right answer (the radio beside it).
 * The answers stay with the owner; learners get the questions without them.
 */
export function QuizEditor({ value, onChange }: { value: QuestionDraft[]; onChange: (v: QuestionDraft[]) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const set = (i: number, q: Partial<QuestionDraft>) => onChange(value.map((x, j) => (j === i ? { ...x, ...q } : x)));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="quiz-editor">
      {value.map((q, i) => {
        const problem = questionProblem(q);
        return (
          <Card
            // biome-ignore lint/suspicious/noArrayIndexKey: questions have no id until saved; their place is their name
            key={i}
            size="small"
            title={lang === 'en' ? `Question ${i + 1}` : `第 ${i + 1} 题`}
            data-testid="quiz-question"
            extra={
              <Button size="small" type="link" danger onClick={() => onChange(value.filter((_, j) => j !== i))}>
                {t('删除本题')}
              </Button>
            }
          >
            <Input.TextArea
              rows={2}
              maxLength={500}
              value={q.prompt}
              placeholder={t('题目')}
              onChange={(e) => set(i, { prompt: e.target.value })}
              data-testid="quiz-prompt"
            />
            <Radio.Group
              value={q.answer}
              onChange={(e) => set(i, { answer: e.target.value })}
              style={{ width: '100%', marginTop: 8 }}
            >
              <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                {q.choices.map((c, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a choice is named by its place (A, B, …)
                  <div key={k} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                    <Radio value={k} aria-label={`${t('正确答案')} ${String.fromCharCode(65 + k)}`} />
                    <Input
                      value={c}
                      maxLength={200}
                      prefix={`${String.fromCharCode(65 + k)}.`}
                      style={{ flex: 1 }}
                      onChange={(e) => set(i, { choices: q.choices.map((x, j) => (j === k ? e.target.value : x)) })}
                      data-testid="quiz-choice"
                    />
                    {q.choices.length > MIN_CHOICES && (
                      <Button
                        size="small"
                        type="text"
                        aria-label={t('删除选项')}
                        onClick={() =>
                          set(i, {
                            choices: q.choices.filter((_, j) => j !== k),
                            answer: q.answer === k ? 0 : q.answer > k ? q.answer - 1 : q.answer,
                          })
                        }
                      >
                        ✕
                      </Button>
                    )}
                  </div>
                ))}
              </div>
            </Radio.Group>
            <Space style={{ marginTop: 8 }} wrap>
              <Button
                size="small"
                disabled={q.choices.length >= MAX_CHOICES}
                onClick={() => set(i, { choices: [...q.choices, ''] })}
                data-testid="quiz-add-choice"
              >
                {t('添加选项')}
              </Button>
              <Typography.Text type="secondary">
                {t('选中的圆点为正确答案')}（{String.fromCharCode(65 + q.answer)}）
              </Typography.Text>
            </Space>
            {problem && (
              <Typography.Paragraph type="warning" style={{ margin: '8px 0 0' }}>
                {t(problem)}
              </Typography.Paragraph>
            )}
          </Card>
        );
      })}
      <Button onClick={() => onChange([...value, { prompt: '', choices: ['', ''], answer: 0 }])} data-testid="quiz-add">
        {t('添加题目')}
      </Button>
    </Space>
  );
}
